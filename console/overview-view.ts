/**
 * The Overview page: trading state, today's P&L, the account (positions, open orders) from KIS,
 * pending approvals (runs and prompt versions), recent alerts, and the equity curve from
 * daily_portfolio against buy-and-hold of the watchlist and KOSPI over the same days, and the last
 * backtest's curve when one was written (console/backtest-view.ts).
 */
import { kstParts } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Runtime } from "../runtime/create-runtime.js";
import { dashed, lastBacktest } from "./backtest-view.js";
import type { ConsoleContext } from "./context.js";

/** enough symbols for an equal-weight benchmark without a slow page */
const BENCHMARK_SYMBOLS = 10;

interface EquityRow {
  date: string;
  total: number;
}

/** closes by date, scaled so the first day equals `start` */
function scaled(closes: Map<string, number>, dates: string[], start: number): Array<number | null> {
  const base = closes.get(dates[0] ?? "");
  return dates.map((d) => {
    const c = closes.get(d);
    return base && c ? Math.round((start * c) / base) : null;
  });
}

async function benchmarks(rt: Runtime, rows: EquityRow[]) {
  const dates = rows.map((r) => r.date);
  const [from, to] = [dates[0] ?? "", dates.at(-1) ?? ""];
  const start = rows[0]?.total ?? 0;
  const symbols = rt.config.watchlist.slice(0, BENCHMARK_SYMBOLS);
  const bars = await Promise.all(symbols.map((s) => rt.kis.getDailyBars(s, { from, to }).catch(() => [])));
  // Equal weight: the mean of each symbol's close relative to its first close.
  const relative = dates.map((d) => {
    const parts = bars.flatMap((b) => {
      const first = b.find((x) => x.date === from)?.closeKrw;
      const close = b.find((x) => x.date === d)?.closeKrw;
      return first && close ? [close / first] : [];
    });
    return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null;
  });
  const kospi = await rt.kis.getIndexDailyBars("0001", { from, to }).catch(() => []);
  return {
    buyAndHold: relative.map((r) => (r === null ? null : Math.round(start * r))),
    kospi: scaled(new Map(kospi.map((b) => [b.date, b.close])), dates, start),
  };
}

async function account(ctx: ConsoleContext) {
  try {
    const rt = await ctx.runtime();
    const [balance, openOrders] = await Promise.all([rt.kis.getBalance(), rt.kis.getOpenOrders()]);
    return { rt, balance, openOrders, error: null };
  } catch (err) {
    return { rt: undefined, balance: undefined, openOrders: [], error: errorMessage(err) };
  }
}

export async function overview(ctx: ConsoleContext) {
  const rows = ctx.db.prepare<[], EquityRow>("SELECT date, total_value_krw AS total FROM daily_portfolio ORDER BY date").all();
  const { rt, balance, openOrders, error } = await account(ctx);
  const today = kstParts(rt?.clock.now() ?? Date.now()).date;
  const before = rows.filter((r) => r.date < today).at(-1);
  const totalNow = balance?.summary.totalValueKrw;
  const bench = rt && rows.length > 1 ? await benchmarks(rt, rows) : { buyAndHold: [], kospi: [] };
  return {
    kisEnv: ctx.config.kisEnv,
    tradingState: ctx.repos.tradingState.get(),
    today: {
      date: today,
      pnlKrw: totalNow !== undefined && before ? totalNow - before.total : null,
      totalValueKrw: totalNow ?? null,
      previousCloseKrw: before?.total ?? null,
    },
    positions: balance?.holdings.filter((h) => h.quantity > 0) ?? [],
    openOrders,
    accountError: error,
    pendingRuns: ctx.repos.runs
      .listRecent(500)
      .filter((r) => r.status === "interrupted")
      .map((r) => ({ runId: r.runId, graph: r.graph, startedAtMs: r.startedAtMs, summary: r.summary })),
    proposedPrompts: ctx.prompts
      .list()
      .filter((v) => v.status === "proposed")
      .map((v) => ({ version: v.version, createdAtMs: v.createdAtMs, changeLog: v.changeLog })),
    alerts: ctx.repos.alerts.listRecent(20).map(({ details: _details, ...a }) => a),
    equity: { dates: rows.map((r) => dashed(r.date)), account: rows.map((r) => r.total), ...bench },
    ...lastBacktest(ctx.config.dataDir),
  };
}
