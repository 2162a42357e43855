/**
 * diagnose: reads the account from KIS (cash, orderable cash, holdings, open orders), settles our
 * unsettled orders from KIS's own reports, cancels those past their window, and reconciles holdings
 * with the database. A difference
 * that our recorded fills cannot explain halts trading (persisted) with a critical alert.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Broker } from "../broker/ports.js";
import type { Clock } from "../core/clock.js";
import type { Balance, TradingState } from "../core/types.js";
import type { PositionBaselineRepo } from "../db/position-baseline-repo.js";
import type { PromptStore } from "../prompts/prompt-store.js";
import { toAccountSnapshot, type Reconciliation } from "../state/account-snapshot.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";
import type { RunContext } from "./run-context.js";

export interface TradingStateStore {
  get(): { state: TradingState; reason: string };
  set(state: TradingState, reason: string, nowMs: number, actor?: string): void;
}

export interface DiagnoseDeps {
  broker: Broker;
  /** settles SENT/UNKNOWN/ACKED intents from KIS daily orders and open orders */
  reconcile(): Promise<{ matched: string[]; rejected: string[]; updated: string[] }>;
  /** cancels our orders still unfilled at the end of their window; returns their intent keys */
  cancelStale(): Promise<string[]>;
  baseline: PositionBaselineRepo;
  tradingState: TradingStateStore;
  prompts: PromptStore;
  clock: Clock;
  /** KIS's buying-power inquiry needs a stock code; orderable cash is the same for any */
  referenceSymbol: string;
  /** where the account snapshot is stored; the state keeps its ref */
  context: Pick<RunContext, "saveAccount">;
}

function differences(expected: Map<string, number>, balance: Balance): string[] {
  const actual = new Map(balance.holdings.map((h) => [h.symbol, h.quantity]));
  const symbols = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return symbols
    .filter((s) => (expected.get(s) ?? 0) !== (actual.get(s) ?? 0))
    .map((s) => `${s}: KIS holds ${actual.get(s) ?? 0}, our records explain ${expected.get(s) ?? 0}`);
}

export function createDiagnose(deps: DiagnoseDeps) {
  async function readAccount() {
    const [balance, openOrders] = await Promise.all([deps.broker.getBalance(), deps.broker.getOpenOrders()]);
    return { balance, openOrders };
  }

  return async function diagnose(state: TradingStateValue, config?: LangGraphRunnableConfig): Promise<TradingStateUpdate> {
    // A run started without a run id (Studio) is named after its thread: its stored context must not be another run's.
    const thread = config?.configurable?.thread_id as string | undefined;
    const runId = state.runId || thread || "";
    const promptVersion = state.promptVersion > 0 ? state.promptVersion : deps.prompts.active().version;
    const settled: string[] = [];
    const note = (r: Awaited<ReturnType<DiagnoseDeps["reconcile"]>>) => {
      for (const k of r.matched) settled.push(`order intent ${k.slice(0, 8)} found at KIS`);
      for (const k of r.rejected) settled.push(`order intent ${k.slice(0, 8)} never reached KIS`);
    };
    note(await deps.reconcile());
    for (const k of await deps.cancelStale()) settled.push(`order intent ${k.slice(0, 8)} cancelled at the end of its window`);
    let { balance, openOrders } = await readAccount();
    let unexplained = deps.baseline.takenAtMs() === undefined ? [] : differences(deps.baseline.expected(), balance);
    if (unexplained.length > 0) {
      // A fill may have landed between the reconcile and the balance read: settle and look once more.
      note(await deps.reconcile());
      ({ balance, openOrders } = await readAccount());
      unexplained = differences(deps.baseline.expected(), balance);
    }
    const nowMs = deps.clock.now();
    const alerts: string[] = [];
    if (unexplained.length > 0) {
      deps.tradingState.set("HALTED", `reconciliation: ${unexplained.join("; ")}`, nowMs, "diagnose");
      alerts.push(`diagnose: HALTED — holdings differ from our records: ${unexplained.join("; ")}`);
    } else {
      deps.baseline.replace(new Map(balance.holdings.map((h) => [h.symbol, h.quantity])), nowMs);
    }
    const buyingPower = await deps.broker.getBuyingPower(deps.referenceSymbol, 0, "market").then(
      (b) => b.orderableCashKrw,
      () => balance.summary.cashKrw,
    );
    const reconciliation: Reconciliation = { ok: unexplained.length === 0, settled, unexplained };
    return {
      promptVersion,
      // A run started without a start time (Studio's input is just a run id) starts now: approvals age from here.
      ...(state.startedAtMs > 0 ? {} : { startedAtMs: nowMs }),
      tradingState: deps.tradingState.get().state,
      ...(runId !== state.runId ? { runId } : {}),
      accountRef: deps.context.saveAccount(runId, toAccountSnapshot(balance, openOrders, buyingPower, nowMs)).accountRef,
      reconciliation,
      ...(alerts.length > 0 ? { alerts } : {}),
    };
  };
}
