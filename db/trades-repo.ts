/**
 * Trades in the seed's shape (justification, market snapshot, portfolio before, 7/30-day P&L, order
 * number, execution status) plus run id and prompt version. A sent order's trade shares its intent key.
 */
import type { Db } from "./database.js";
import type { IntentStatus } from "./intents-repo.js";

export type TradeAction = "buy" | "sell" | "hold";
/** An intent's status, DENIED by risk, or SKIPPED (a hold, or not sent). */
export type ExecutionStatus = IntentStatus | "DENIED" | "SKIPPED";

export interface Trade {
  id: number;
  runId: string;
  promptVersion?: string;
  intentKey?: string;
  timestampMs: number;
  ticker: string;
  action: TradeAction;
  quantity: number;
  priceKrw: number;
  justificationText: string;
  marketSnapshot: unknown;
  portfolioBefore: unknown;
  pnl7DaysKrw?: number;
  pnl30DaysKrw?: number;
  orderNumber?: string;
  executionStatus: ExecutionStatus;
  createdAtMs: number;
  updatedAtMs: number;
}

export type NewTrade = Omit<Trade, "id" | "createdAtMs" | "updatedAtMs" | "pnl7DaysKrw" | "pnl30DaysKrw" | "orderNumber">;

interface TradeRow {
  id: number;
  run_id: string;
  prompt_version: string | null;
  intent_key: string | null;
  timestamp_ms: number;
  ticker: string;
  action: TradeAction;
  quantity: number;
  price_krw: number;
  justification_text: string;
  market_snapshot: string;
  portfolio_before: string;
  pnl_7_days_krw: number | null;
  pnl_30_days_krw: number | null;
  order_number: string | null;
  execution_status: ExecutionStatus;
  created_at_ms: number;
  updated_at_ms: number;
}

export function toTrade(row: TradeRow): Trade {
  const trade: Trade = {
    id: row.id,
    runId: row.run_id,
    timestampMs: row.timestamp_ms,
    ticker: row.ticker,
    action: row.action,
    quantity: row.quantity,
    priceKrw: row.price_krw,
    justificationText: row.justification_text,
    marketSnapshot: JSON.parse(row.market_snapshot) as unknown,
    portfolioBefore: JSON.parse(row.portfolio_before) as unknown,
    executionStatus: row.execution_status,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
  if (row.prompt_version !== null) trade.promptVersion = row.prompt_version;
  if (row.intent_key !== null) trade.intentKey = row.intent_key;
  if (row.pnl_7_days_krw !== null) trade.pnl7DaysKrw = row.pnl_7_days_krw;
  if (row.pnl_30_days_krw !== null) trade.pnl30DaysKrw = row.pnl_30_days_krw;
  if (row.order_number !== null) trade.orderNumber = row.order_number;
  return trade;
}

export type TradesRepo = ReturnType<typeof createTradesRepo>;

export function createTradesRepo(db: Db) {
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO trades (run_id, prompt_version, intent_key, timestamp_ms, ticker, action, quantity, price_krw, justification_text,
       market_snapshot, portfolio_before, execution_status, created_at_ms, updated_at_ms)
     VALUES (@run_id, @prompt_version, @intent_key, @timestamp_ms, @ticker, @action, @quantity, @price_krw, @justification_text,
       @market_snapshot, @portfolio_before, @execution_status, @now, @now) RETURNING id`,
  );
  const byIntent = db.prepare<[string], TradeRow>("SELECT * FROM trades WHERE intent_key = ?");
  const byRun = db.prepare<[string], TradeRow>("SELECT * FROM trades WHERE run_id = ? ORDER BY id");
  const between = db.prepare<[number, number], TradeRow>(
    "SELECT * FROM trades WHERE timestamp_ms >= ? AND timestamp_ms < ? ORDER BY timestamp_ms, id",
  );
  const execution = db.prepare(
    `UPDATE trades SET execution_status = @status, order_number = COALESCE(@order_number, order_number), updated_at_ms = @now
     WHERE intent_key = @intent_key`,
  );
  const pnl = db.prepare(
    `UPDATE trades SET pnl_7_days_krw = COALESCE(@pnl_7, pnl_7_days_krw), pnl_30_days_krw = COALESCE(@pnl_30, pnl_30_days_krw),
       updated_at_ms = @now WHERE id = @id`,
  );

  return {
    insert(trade: NewTrade, nowMs: number): Trade {
      const id = Number(
        insert.get({
          run_id: trade.runId,
          prompt_version: trade.promptVersion ?? null,
          intent_key: trade.intentKey ?? null,
          timestamp_ms: trade.timestampMs,
          ticker: trade.ticker,
          action: trade.action,
          quantity: trade.quantity,
          price_krw: trade.priceKrw,
          justification_text: trade.justificationText,
          market_snapshot: JSON.stringify(trade.marketSnapshot ?? {}),
          portfolio_before: JSON.stringify(trade.portfolioBefore ?? {}),
          execution_status: trade.executionStatus,
          now: nowMs,
        })!.id,
      );
      return { ...trade, id, createdAtMs: nowMs, updatedAtMs: nowMs };
    },
    findByIntentKey(intentKey: string): Trade | undefined {
      const row = byIntent.get(intentKey);
      return row && toTrade(row);
    },
    listByRun(runId: string): Trade[] {
      return byRun.all(runId).map(toTrade);
    },
    /** Trades with fromMs ≤ timestamp < toMs, oldest first. */
    listBetween(fromMs: number, toMs: number): Trade[] {
      return between.all(fromMs, toMs).map(toTrade);
    },
    /** Mirrors the intent's status (and order number) onto its trade. */
    updateExecution(intentKey: string, status: ExecutionStatus, orderNumber: string | undefined, nowMs: number): void {
      execution.run({ intent_key: intentKey, status, order_number: orderNumber ?? null, now: nowMs });
    },
    setPnl(id: number, values: { pnl7DaysKrw?: number; pnl30DaysKrw?: number }, nowMs: number): void {
      pnl.run({ id, pnl_7: values.pnl7DaysKrw ?? null, pnl_30: values.pnl30DaysKrw ?? null, now: nowMs });
    },
  };
}
