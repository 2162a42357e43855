/**
 * shadow: when a candidate prompt version is being shadowed (`kis-agent prompts shadow <v>`), it
 * decides too — with this run's context, bounds and evidence, exactly as plan did for the active
 * version — and both decisions are stored side by side. Nothing it decides reaches risk check or
 * the order router: it runs after record, only writes shadow_decisions and the LLM ledger, and
 * never fails the run (a failed candidate is a recorded error). Runs without a shadowing skip it.
 */
import { END } from "@langchain/langgraph";
import { kstParts } from "../core/clock.js";
import { errorMessage } from "../core/errors.js";
import type { ShadowRecord } from "../db/prompt-shadows-repo.js";
import type { TradingStateUpdate, TradingStateValue } from "../state/trading-state.js";
import { decideWith, planSkipped, type Decided, type PlanDeps } from "./plan.js";

export interface ShadowPort {
  /** the shadowing that runs today, if any */
  current(todayKst: string, nowMs: number): { id: number; version: number } | null;
  /** false when the run was already recorded */
  record(r: ShadowRecord): boolean;
}

export interface ShadowDeps extends PlanDeps {
  shadows: ShadowPort;
}

/** The candidate this run shadows: one runs today, it is not the version the run traded with, and plan asked the planner. */
function candidateFor(deps: ShadowDeps, state: TradingStateValue): { id: number; version: number } | null {
  const now = deps.clock.now();
  const current = deps.shadows.current(kstParts(now).date, now);
  if (!current || current.version === state.promptVersion || planSkipped(state) !== null) return null;
  return current;
}

/** After record: to shadow when a candidate runs today, else the end. */
export function routeAfterRecord(deps: ShadowDeps) {
  return (state: TradingStateValue): "shadow" | typeof END => (candidateFor(deps, state) ? "shadow" : END);
}

export function createShadow(deps: ShadowDeps) {
  return async function shadow(state: TradingStateValue): Promise<TradingStateUpdate> {
    const candidate = candidateFor(deps, state);
    if (!candidate) return {};
    const prompt = deps.prompts.get(candidate.version);
    let decided: Decided;
    try {
      decided = prompt ? await decideWith(deps, state, prompt, "shadow") : { ok: false, reason: `v${candidate.version} not found` };
    } catch (err) {
      decided = { ok: false, reason: errorMessage(err) };
    }
    deps.shadows.record({
      shadowId: candidate.id,
      runId: state.runId,
      version: candidate.version,
      activeVersion: state.promptVersion,
      decidedAtMs: deps.clock.now(),
      decision: decided.ok ? decided.decision : null,
      error: decided.ok ? null : decided.reason,
      activeDecision: state.decision,
      activeError: state.decision ? null : (state.planError ?? "no decision"),
    });
    return {};
  };
}
