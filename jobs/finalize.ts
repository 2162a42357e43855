/**
 * Post-close finalize: cancels orders still open, snapshots the portfolio into daily_portfolio
 * and writes the daily report (kept as an info alert and returned to the job log).
 */
import type { Broker } from "../broker/ports.js";
import { addDays, fromKst, kstParts, type Clock } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { PeriodProfit } from "../core/types.js";
import type { AlertsRepo } from "../db/alerts-repo.js";
import type { GraphRun, RunsRepo } from "../db/runs-repo.js";
import type { IntentsRepo } from "../db/intents-repo.js";
import type { Trade, TradesRepo } from "../db/trades-repo.js";
import { buildLedger, intentFills, realizedPnlKrw } from "../ledger/round-trips.js";
import type { DailyPortfolio, DailyPortfolioWriter } from "../db/daily-portfolio-repo.js";
import { toDailyPortfolio } from "../ledger/daily-portfolio.js";

export interface FinalizeDeps {
  broker: Pick<Broker, "getBalance" | "getPeriodProfit">;
  /** execution/fill-tracker.ts cancelStale: cancels ACKED/PARTIAL orders older than the window */
  cancelStale(windowMs: number): Promise<string[]>;
  portfolio: Pick<DailyPortfolioWriter, "write" | "latestBefore">;
  runs: Pick<RunsRepo, "listRecent">;
  trades: Pick<TradesRepo, "listBetween">;
  /** our intents' fill totals, for the ledger's round trips */
  intents?: Pick<IntentsRepo, "findByKey">;
  alerts: Pick<AlertsRepo, "insert">;
  clock: Clock;
  log: Logger;
}

export interface FinalizeResult {
  date: string;
  cancelledIntents: string[];
  portfolio: DailyPortfolio;
  report: string;
  [key: string]: unknown;
}

const krw = (n: number) => `${n.toLocaleString("en-US")} KRW`;

/** The ledger's view of the day (ledger/): round trips closed and their P&L net of fees and tax. */
export interface LedgerDay {
  closed: number;
  realizedPnlKrw: number;
}

export function renderDailyReport(
  p: DailyPortfolio,
  previous: { date: string; totalValueKrw: number } | undefined,
  runs: GraphRun[],
  trades: Trade[],
  cancelled: number,
  ledger?: LedgerDay,
): string {
  const change = previous
    ? ` (${p.totalValueKrw - previous.totalValueKrw >= 0 ? "+" : ""}${krw(p.totalValueKrw - previous.totalValueKrw)} vs ${previous.date})`
    : "";
  const byStatus = new Map<string, number>();
  for (const r of runs) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const sent = trades.filter((t) => t.action !== "hold" && t.executionStatus !== "DENIED" && t.executionStatus !== "SKIPPED");
  return [
    `daily report ${p.date}: total ${krw(p.totalValueKrw)}${change}`,
    `cash ${krw(p.cashKrw)}, securities ${krw(p.securitiesValueKrw)}, ${p.holdings.length} holding(s)`,
    `P&L (KIS): realized ${krw(p.realizedPnlKrw)}, unrealized ${krw(p.unrealizedPnlKrw)}, fees ${krw(p.feeKrw)}, tax ${krw(p.taxKrw)}`,
    ...(ledger
      ? [`P&L (ledger, FIFO net of fees and tax): realized ${krw(ledger.realizedPnlKrw)} over ${ledger.closed} round trip(s)`]
      : []),
    `runs: ${runs.length}${runs.length > 0 ? ` (${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ")})` : ""}`,
    `orders: ${sent.length} (${sent.map((t) => `${t.action} ${t.ticker} ${t.quantity} → ${t.executionStatus}`).join("; ") || "none"})`,
    `leftover orders cancelled: ${cancelled}`,
  ].join("\n");
}

async function periodProfit(deps: FinalizeDeps, date: string): Promise<PeriodProfit | undefined> {
  try {
    return await deps.broker.getPeriodProfit({ from: date, to: date });
  } catch (err) {
    // Paper accounts lack some inquiries; the snapshot is still worth keeping without realized P&L.
    deps.log.warn("period profit unavailable; realized P&L recorded as 0", { date, error: errorMessage(err) });
    return undefined;
  }
}

export async function finalizeDay(deps: FinalizeDeps, date = kstParts(deps.clock.now()).date): Promise<FinalizeResult> {
  const cancelledIntents = await deps.cancelStale(0);
  const portfolio = toDailyPortfolio(date, await deps.broker.getBalance(), await periodProfit(deps, date));
  const previous = deps.portfolio.latestBefore(date);
  const nowMs = deps.clock.now();
  deps.portfolio.write(portfolio, nowMs);
  const [dayStart, dayEnd] = [fromKst(date), fromKst(addDays(date, 1))];
  const runs = deps.runs.listRecent(1_000).filter((r) => r.startedAtMs >= dayStart && r.startedAtMs < dayEnd);
  const { trips } = buildLedger(deps.trades.listBetween(0, dayEnd), deps.intents ? { byIntentKey: intentFills(deps.intents) } : {});
  const today = trips.filter((t) => t.exitAtMs >= dayStart && t.exitAtMs < dayEnd);
  const ledger: LedgerDay = { closed: today.length, realizedPnlKrw: realizedPnlKrw(today, dayStart, dayEnd) };
  const report = renderDailyReport(portfolio, previous, runs, deps.trades.listBetween(dayStart, dayEnd), cancelledIntents.length, ledger);
  deps.alerts.insert(
    { severity: "info", source: "finalize", code: "DAILY_REPORT", message: report.split("\n")[0] ?? report, details: { report } },
    nowMs,
  );
  return { date, cancelledIntents, portfolio, report };
}
