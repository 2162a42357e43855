/**
 * The Live page's data, pushed as server-sent events: the symbols the `start` process has
 * registered on the feed (its heartbeat in Redis) — or, with none running, those with ticks in the
 * last minute of recorded ticks — each with its latest tick's indicators, and the registration
 * budget in use against KIS's 41 per session.
 */
import type { ConsoleContext } from "./context.js";
import type { HealthSource } from "./health-metrics.js";

const REGISTRATION_CAP = 41;
const RECENT_MS = 60_000;

interface TickRow {
  stock_code: string;
  time_ms: number;
  current_price: number | null;
  volume: number | null;
  ma5: number | null;
  rsi14: number | null;
  disparity: number | null;
  stoch_k: number | null;
  vol_ratio: number | null;
  bid_ask_imbalance: number | null;
  spread: number | null;
}

export async function liveSnapshot(ctx: ConsoleContext, health: HealthSource) {
  const registrations = (await health.processes()).flatMap((p) => p.feed?.registrations ?? []);
  const registered = [...new Set(registrations.map((r) => r.split(" ")[1] ?? "").filter((s) => s !== ""))];
  const symbols =
    registered.length > 0
      ? registered
      : ctx.db
          .prepare<[number], { stock_code: string }>(
            "SELECT DISTINCT stock_code FROM ticks WHERE time_ms > (SELECT MAX(time_ms) FROM ticks) - ? ORDER BY stock_code",
          )
          .all(RECENT_MS)
          .map((r) => r.stock_code);
  const latest = ctx.db.prepare<[string], TickRow>(
    "SELECT stock_code, time_ms, current_price, volume, ma5, rsi14, disparity, stoch_k, vol_ratio, bid_ask_imbalance, spread FROM ticks WHERE stock_code = ? ORDER BY time_ms DESC LIMIT 1",
  );
  return {
    budget: { used: registrations.length, cap: REGISTRATION_CAP, source: registered.length > 0 ? "feed" : "recorded ticks" },
    symbols: symbols.map((s) => {
      const t = latest.get(s);
      return {
        symbol: s,
        atMs: t?.time_ms ?? null,
        priceKrw: t?.current_price ?? null,
        volume: t?.volume ?? null,
        ma5: t?.ma5 ?? null,
        rsi14: t?.rsi14 ?? null,
        disparity: t?.disparity ?? null,
        stochK: t?.stoch_k ?? null,
        volRatio: t?.vol_ratio ?? null,
        imbalance: t?.bid_ask_imbalance ?? null,
        spreadKrw: t?.spread ?? null,
      };
    }),
  };
}
