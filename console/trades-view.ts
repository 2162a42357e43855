/** The Trades page: recorded trades filtered by symbol, side, status, run and KST date range, and as CSV. */
import { formatKstIso, fromKst } from "../core/clock.js";
import type { Trade } from "../db/trades-repo.js";
import type { Repos } from "../runtime/repos.js";

export interface TradeFilter {
  symbol?: string;
  action?: string;
  status?: string;
  runId?: string;
  /** YYYYMMDD, KST, inclusive */
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;

export function listTrades(repos: Repos, f: TradeFilter): Trade[] {
  const fromMs = f.from ? fromKst(f.from, "000000") : 0;
  const toMs = f.to ? fromKst(f.to, "000000") + DAY_MS : Number.MAX_SAFE_INTEGER;
  return repos.trades
    .listBetween(fromMs, toMs)
    .filter(
      (t) =>
        (!f.symbol || t.ticker === f.symbol) &&
        (!f.action || t.action === f.action) &&
        (!f.status || t.executionStatus === f.status) &&
        (!f.runId || t.runId === f.runId),
    )
    .reverse();
}

const CSV_COLUMNS = [
  "time_kst",
  "ticker",
  "action",
  "quantity",
  "price_krw",
  "execution_status",
  "order_number",
  "pnl_7_days_krw",
  "pnl_30_days_krw",
  "prompt_version",
  "run_id",
  "justification",
] as const;

function cell(value: string | number | undefined): string {
  const text = value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tradesCsv(trades: readonly Trade[]): string {
  const rows = trades.map((t) =>
    [
      formatKstIso(t.timestampMs),
      t.ticker,
      t.action,
      t.quantity,
      t.priceKrw,
      t.executionStatus,
      t.orderNumber,
      t.pnl7DaysKrw,
      t.pnl30DaysKrw,
      t.promptVersion,
      t.runId,
      t.justificationText,
    ]
      .map(cell)
      .join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}
