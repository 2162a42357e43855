/**
 * Access tokens and WebSocket approval keys the simulator has issued, on the simulated clock.
 * KIS rules: a token lives `ttlSec`; asking again within 6 h of a still-valid issuance returns the
 * same token; issuing a new one more than once per 60 s is refused (EGW00133).
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import { registerSecret } from "../../core/logger.js";

const SAME_TOKEN_WINDOW_MS = 6 * 3_600_000;
const ISSUE_INTERVAL_MS = 60_000;

interface IssuedToken {
  token: string;
  appKey: string;
  issuedAtMs: number;
  expiresAtMs: number;
  revoked: boolean;
}

export type TokenCheck = "ok" | "invalid" | "expired";

export type TokenIssue = { ok: true; token: string; expiresAtMs: number } | { ok: false };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export class AuthStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly latest = new Map<string, IssuedToken>();
  private readonly secrets = new Map<string, string>();
  private readonly approvals = new Map<string, string>();

  /** `issueIntervalMs`: the EGW00133 window between two new tokens of one app key. */
  constructor(
    private readonly clock: Clock,
    private readonly ttlSec: number,
    private readonly allowedAppKeys: ReadonlySet<string>,
    private readonly issueIntervalMs = ISSUE_INTERVAL_MS,
  ) {}

  /** App key and secret are present, allowed, and the secret is the one first seen with that key. */
  acceptsCredentials(appKey: string | undefined, appSecret: string | undefined): appKey is string {
    if (!appKey || !appSecret) return false;
    if (this.allowedAppKeys.size > 0 && !this.allowedAppKeys.has(appKey)) return false;
    const known = this.secrets.get(appKey);
    if (known === undefined) {
      registerSecret(appSecret);
      this.secrets.set(appKey, appSecret);
      return true;
    }
    return known === appSecret;
  }

  issueToken(appKey: string): TokenIssue {
    const now = this.clock.now();
    const last = this.latest.get(appKey);
    if (last && this.isValid(last, now) && now - last.issuedAtMs < SAME_TOKEN_WINDOW_MS) {
      return { ok: true, token: last.token, expiresAtMs: last.expiresAtMs };
    }
    if (last && now - last.issuedAtMs < this.issueIntervalMs) return { ok: false };
    const expiresAtMs = now + this.ttlSec * 1000;
    // JWT-shaped like KIS's tokens; the signature part is random, nothing verifies it.
    const token = `${b64({ typ: "JWT", alg: "HS256" })}.${b64({ sub: "token", aud: appKey.slice(0, 8), exp: Math.floor(expiresAtMs / 1000) })}.${randomBytes(32).toString("base64url")}`;
    registerSecret(token);
    const issued: IssuedToken = { token, appKey, issuedAtMs: now, expiresAtMs, revoked: false };
    this.tokens.set(token, issued);
    this.latest.set(appKey, issued);
    return { ok: true, token, expiresAtMs };
  }

  /** Checks an `authorization: Bearer <token>` header against the app key it was issued to. */
  checkBearer(authorization: string | undefined, appKey: string): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
    const issued = match?.[1] ? this.tokens.get(match[1]) : undefined;
    if (!issued || issued.revoked || issued.appKey !== appKey) return "invalid";
    return this.clock.now() < issued.expiresAtMs ? "ok" : "expired";
  }

  /** Revokes one token of `appKey`; false when it is unknown. */
  revoke(token: string, appKey: string): boolean {
    const issued = this.tokens.get(token);
    if (!issued || issued.appKey !== appKey) return false;
    issued.revoked = true;
    return true;
  }

  issueApproval(appKey: string): string {
    const key = `${randomBytes(27).toString("hex")}-${randomBytes(8).toString("hex")}`;
    registerSecret(key);
    this.approvals.set(key, appKey);
    return key;
  }

  /** The app key an approval key was issued to. */
  approvalAppKey(approvalKey: string | undefined): string | undefined {
    return approvalKey ? this.approvals.get(approvalKey) : undefined;
  }

  /** Fault: every issued token answers EGW00121 from now on. */
  revokeAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
  }

  /** Fault: every issued token answers EGW00123 from now on. */
  expireAll(): void {
    const now = this.clock.now();
    for (const t of this.tokens.values()) t.expiresAtMs = Math.min(t.expiresAtMs, now);
  }

  private isValid(t: IssuedToken, now: number): boolean {
    return !t.revoked && now < t.expiresAtMs;
  }
}
