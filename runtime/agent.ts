/**
 * The agent, assembled once over a runtime: both graphs compiled over their nodes' dependencies
 * (and the one order path), and the runs that drive them. `start` and the replay (through the job
 * handlers), `run`, `runs approve|reject` and Studio all take their graphs from here.
 */
import type { ApprovalAnswer } from "../nodes/approve.js";
import type { LiveSnapshotSource } from "../nodes/analyze.js";
import type { PromptApprovalAnswer } from "../nodes/reflection/activate.js";
import type { Trigger } from "../state/trading-state.js";
import type { Runtime } from "./create-runtime.js";
import type { LiveSession } from "./live.js";
import {
  answerReflectionApproval,
  compileReflectionGraph,
  runReflection,
  type CompiledReflection,
  type ReflectionRunResult,
} from "./reflection.js";
import { answerApproval, compileTradingGraph, runTrading, type CompiledTrading, type TradingRunResult } from "./trading.js";

export interface AgentOptions {
  /** live indicators for the analyze node, when the tick feed runs */
  live?: LiveSnapshotSource;
  /** for the LangGraph dev server: no checkpointer of ours, the account's lease around execute */
  studio?: boolean;
}

export interface RunOptions {
  trigger?: Trigger;
  /** continues the run when it names an existing thread */
  runId?: string;
}

export interface Agent {
  runtime: Runtime;
  trading: CompiledTrading;
  reflection: CompiledReflection;
  runTrading(options?: RunOptions): Promise<TradingRunResult>;
  answerApproval(runId: string, answer: ApprovalAnswer): Promise<TradingRunResult>;
  runReflection(options?: RunOptions): Promise<ReflectionRunResult>;
  answerReflectionApproval(runId: string, answer: PromptApprovalAnswer): Promise<ReflectionRunResult>;
}

export function createAgent(rt: Runtime, options: AgentOptions = {}): Agent {
  const studio = options.studio ?? false;
  const trading = compileTradingGraph(rt, options.live, studio);
  const reflection = compileReflectionGraph(rt, studio);
  return {
    runtime: rt,
    trading,
    reflection,
    runTrading: (run = {}) => runTrading(rt, { ...run, graph: trading }),
    answerApproval: (runId, answer) => answerApproval(rt, runId, answer, trading),
    runReflection: (run = {}) => runReflection(rt, { ...run, graph: reflection }),
    answerReflectionApproval: (runId, answer) => answerReflectionApproval(rt, runId, answer, reflection),
  };
}

/** Where the jobs' finds go when the tick feed runs: pre-market picks at priority 2, scanner finds at priority 3. */
export function feedHooks(rt: Runtime, live: LiveSession) {
  return {
    onPicks: (symbols: string[]) => void live.setWatchlist([...new Set([...rt.config.watchlist, ...symbols])]),
    onScanFinds: (symbols: string[]) => void live.addScannerFinds(symbols),
  };
}
