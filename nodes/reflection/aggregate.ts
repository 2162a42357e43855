/**
 * aggregate: the period's trades and fills — the local ledger checked against KIS's daily orders
 * and period profit — realised P&L, win rate, average holding time, the best and worst trades with
 * their original justification and market snapshot; back-fills pnl_7_days / pnl_30_days from
 * later daily closes; and collects every entry with a known outcome as a sample for the analysis.
 */
import type { Broker, MarketData } from "../../broker/ports.js";
import { kstParts, type Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import type { DailyOrder } from "../../core/types.js";
import type { Trade, TradesRepo } from "../../db/trades-repo.js";
import type { RuleSnapshot } from "../../rules/fields.js";
import type {
  NotableTrade,
  ReflectionStats,
  ReflectionStateUpdate,
  ReflectionStateValue,
  TradeSample,
} from "../../state/reflection-state.js";
import { buildLedger, execution, realizedPnlKrw, type BrokerFill, type RoundTrip } from "../../ledger/round-trips.js";
import { backfillTradePnl } from "../../ledger/trade-pnl.js";

export interface AggregateDeps {
  trades: Pick<TradesRepo, "listBetween" | "setPnl">;
  broker: Pick<Broker, "getDailyOrders" | "getPeriodProfit">;
  market: Pick<MarketData, "getDailyBars">;
  clock: Clock;
  /** the trigger kind of a trading run ("schedule", "event", …) */
  runTrigger(runId: string): string | undefined;
  /** @defaultValue 7 */
  periodDays?: number;
  /** how far back entries count as samples (and positions may have opened) @defaultValue 60 */
  lookbackDays?: number;
}

const DAY_MS = 86_400_000;
const kstDate = (ms: number) => kstParts(ms).date;

async function brokerView(deps: AggregateDeps, from: string, periodFrom: string, today: string, gaps: string[]) {
  let orders: DailyOrder[] = [];
  let profit: Awaited<ReturnType<Broker["getPeriodProfit"]>> | null = null;
  try {
    orders = await deps.broker.getDailyOrders({ from, to: today, status: "all" });
  } catch (err) {
    gaps.push(`KIS daily orders: ${errorMessage(err)}`);
  }
  try {
    profit = await deps.broker.getPeriodProfit({ from: periodFrom, to: today });
  } catch (err) {
    gaps.push(`KIS period profit: ${errorMessage(err)}`);
  }
  const fills = new Map<string, BrokerFill>(
    orders.map((o) => [o.orderNo, { filledQuantity: o.filledQuantity, averageFillPriceKrw: o.averageFillPriceKrw }]),
  );
  return { orders, profit, fills };
}

const JUSTIFICATION_CHARS = 500;

function notable(trip: RoundTrip | undefined, pnlKrw: number): NotableTrade | null {
  return trip
    ? {
        tradeId: trip.entry.id,
        symbol: trip.symbol,
        pnlKrw,
        justification: trip.entry.justificationText.slice(0, JUSTIFICATION_CHARS),
        snapshot: trip.entry.marketSnapshot as RuleSnapshot,
      }
    : null;
}

/** One sample per executed entry with an outcome: its closed round trips, else its 7-day mark. */
function samples(deps: AggregateDeps, trades: Trade[], trips: RoundTrip[], fills: Map<string, BrokerFill>): TradeSample[] {
  const out: TradeSample[] = [];
  for (const trade of trades) {
    if (trade.action !== "buy" || !execution(trade, { byOrderNo: fills })) continue;
    const own = trips.filter((t) => t.entry.id === trade.id);
    const pnlKrw = own.length > 0 ? realizedPnlKrw(own, 0) : trade.pnl7DaysKrw;
    if (pnlKrw === undefined) continue;
    const last = own[own.length - 1];
    out.push({
      tradeId: trade.id,
      symbol: trade.ticker,
      entryAtMs: trade.timestampMs,
      pnlKrw,
      holdingMs: last ? last.exitAtMs - last.entryAtMs : null,
      trigger: deps.runTrigger(trade.runId) ?? "unknown",
      snapshot: (trade.marketSnapshot ?? { symbol: null }) as RuleSnapshot,
    });
  }
  return out;
}

export function createAggregate(deps: AggregateDeps) {
  return async function aggregate(_state: ReflectionStateValue): Promise<ReflectionStateUpdate> {
    const nowMs = deps.clock.now();
    const fromMs = nowMs - (deps.periodDays ?? 7) * DAY_MS;
    const lookbackMs = nowMs - (deps.lookbackDays ?? 60) * DAY_MS;
    const gaps: string[] = [];
    const trades = deps.trades.listBetween(lookbackMs, nowMs + 1);
    const { orders, profit, fills } = await brokerView(deps, kstDate(lookbackMs), kstDate(fromMs), kstDate(nowMs), gaps);
    const backfilled = await backfillTradePnl(deps, trades, { fills, gaps });
    const trips = buildLedger(trades, { byOrderNo: fills }).trips;
    const inPeriod = trips.filter((t) => t.exitAtMs >= fromMs);
    const byEntry = [...inPeriod].sort((a, b) => a.pnlKrw - b.pnlKrw);
    const wins = inPeriod.filter((t) => t.pnlKrw > 0).length;
    const stats: ReflectionStats = {
      fromMs,
      toMs: nowMs,
      trades: trades.filter((t) => t.timestampMs >= fromMs && execution(t, { byOrderNo: fills })).length,
      closed: inPeriod.length,
      realisedPnlKrw: realizedPnlKrw(inPeriod, fromMs),
      wins,
      losses: inPeriod.filter((t) => t.pnlKrw < 0).length,
      winRatePct: inPeriod.length > 0 ? Math.round((wins / inPeriod.length) * 1000) / 10 : null,
      avgHoldingMs:
        inPeriod.length > 0 ? Math.round(inPeriod.reduce((sum, t) => sum + (t.exitAtMs - t.entryAtMs), 0) / inPeriod.length) : null,
      best: inPeriod.length > 0 ? notable(byEntry[byEntry.length - 1], byEntry[byEntry.length - 1]?.pnlKrw ?? 0) : null,
      worst: inPeriod.length > 0 ? notable(byEntry[0], byEntry[0]?.pnlKrw ?? 0) : null,
      broker: {
        orders: orders.length,
        filledOrders: orders.filter((o) => o.filledQuantity > 0).length,
        realisedPnlKrw: profit?.totalRealizedPnlKrw ?? null,
        feeKrw: profit?.totalFeeKrw ?? null,
      },
      backfilled,
      gaps,
    };
    const alerts = gaps.map((g) => `aggregate: ${g}`);
    return { stats, samples: samples(deps, trades, trips, fills), ...(alerts.length > 0 ? { alerts } : {}) };
  };
}
