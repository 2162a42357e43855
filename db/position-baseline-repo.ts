/**
 * The holdings diagnose last reconciled, and the net quantity our own orders have filled per
 * symbol. Together they say what the broker should hold now; anything else is unexplained.
 */
import { type Db, writeTransaction } from "./database.js";

export interface BaselineEntry {
  symbol: string;
  quantity: number;
  netFilled: number;
}

export type PositionBaselineRepo = ReturnType<typeof createPositionBaselineRepo>;

export function createPositionBaselineRepo(db: Db) {
  const netFilled = db.prepare<[], { symbol: string; net: number }>(
    `SELECT symbol, SUM(CASE side WHEN 'buy' THEN filled_quantity ELSE -filled_quantity END) AS net
     FROM order_intents GROUP BY symbol`,
  );
  const rows = db.prepare<[], { symbol: string; quantity: number; net_filled: number }>(
    "SELECT symbol, quantity, net_filled FROM position_baseline",
  );
  const meta = db.prepare<[], { taken_at_ms: number }>("SELECT taken_at_ms FROM position_baseline_meta WHERE id = 1");
  const clear = db.prepare("DELETE FROM position_baseline");
  const insert = db.prepare("INSERT INTO position_baseline (symbol, quantity, net_filled, recorded_at_ms) VALUES (?, ?, ?, ?)");
  const touch = db.prepare(
    "INSERT INTO position_baseline_meta (id, taken_at_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET taken_at_ms = excluded.taken_at_ms",
  );

  const replace = writeTransaction(db, (holdings: ReadonlyMap<string, number>, nowMs: number) => {
    const net = new Map(netFilled.all().map((r) => [r.symbol, r.net]));
    clear.run();
    const symbols = new Set([...holdings.keys(), ...net.keys()]);
    for (const symbol of symbols) insert.run(symbol, holdings.get(symbol) ?? 0, net.get(symbol) ?? 0, nowMs);
    touch.run(nowMs);
  });

  return {
    /** undefined before the first baseline */
    takenAtMs(): number | undefined {
      return meta.get()?.taken_at_ms;
    },
    /** expected holdings now: baseline quantity moved by what our orders filled since */
    expected(): Map<string, number> {
      const net = new Map(netFilled.all().map((r) => [r.symbol, r.net]));
      const expected = new Map<string, number>();
      const base = rows.all();
      for (const r of base) expected.set(r.symbol, r.quantity + (net.get(r.symbol) ?? 0) - r.net_filled);
      for (const [symbol, n] of net) if (!expected.has(symbol)) expected.set(symbol, n);
      return expected;
    },
    /** Agrees with the broker: its holdings become the new baseline. */
    replace(holdings: ReadonlyMap<string, number>, nowMs: number): void {
      replace(holdings, nowMs);
    },
  };
}
