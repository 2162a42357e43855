/**
 * Account leases in SQLite: one row per account whose `token` only grows. Every process of a mode
 * opens the same database file, so this lease excludes runs across processes; the router checks the
 * token inside the transaction that marks an intent SENT (fencing a holder whose lease lapsed).
 */
import { writeTransaction, type Db } from "./database.js";

export type LeaseGrant = { granted: true; token: number } | { granted: false; holder: string; expiresAtMs: number };

interface LeaseRow {
  holder: string | null;
  token: number;
  expires_at_ms: number;
}

export type LeaseRepo = ReturnType<typeof createLeaseRepo>;

export function createLeaseRepo(db: Db) {
  const ensure = db.prepare("INSERT INTO account_leases (account) VALUES (?) ON CONFLICT (account) DO NOTHING");
  const select = db.prepare<[string], LeaseRow>("SELECT holder, token, expires_at_ms FROM account_leases WHERE account = ?");
  const take = db.prepare(
    "UPDATE account_leases SET holder = ?, token = token + 1, expires_at_ms = ?, acquired_at_ms = ? WHERE account = ?",
  );
  const renew = db.prepare("UPDATE account_leases SET expires_at_ms = ? WHERE account = ? AND token = ? AND holder IS NOT NULL");
  const release = db.prepare("UPDATE account_leases SET holder = NULL, expires_at_ms = 0 WHERE account = ? AND token = ?");

  const acquire = writeTransaction(db, (account: string, holder: string, ttlMs: number, nowMs: number): LeaseGrant => {
    ensure.run(account);
    const row = select.get(account);
    if (row?.holder && row.expires_at_ms > nowMs) return { granted: false, holder: row.holder, expiresAtMs: row.expires_at_ms };
    take.run(holder, nowMs + ttlMs, nowMs, account);
    return { granted: true, token: (row?.token ?? 0) + 1 };
  });

  return {
    /** Takes the lease when it is free or its holder's lease expired (a crashed process). */
    acquire,
    /** Extends a held lease; false when the token is no longer the account's (taken over or released). */
    renew(account: string, token: number, ttlMs: number, nowMs: number): boolean {
      return renew.run(nowMs + ttlMs, account, token).changes > 0;
    },
    release(account: string, token: number): void {
      release.run(account, token);
    },
    /** Fencing: true while `token` is the account's newest and still held (a lapsed lease nobody took counts). */
    isCurrent(account: string, token: number): boolean {
      const row = select.get(account);
      return row !== undefined && row.token === token && row.holder !== null;
    },
    holder(account: string): { holder: string; expiresAtMs: number } | undefined {
      const row = select.get(account);
      return row?.holder ? { holder: row.holder, expiresAtMs: row.expires_at_ms } : undefined;
    },
  };
}
