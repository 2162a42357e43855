/**
 * activate: puts the proposed version in force — automatically (sim and paper by default), or after
 * a person says yes (a LangGraph interrupt; real mode by default). Activation is a compare-and-set on
 * the run's parent version: if another run activated a version meanwhile, this one is recorded as
 * rejected with the reason. A gate (when configured) first evaluates the version against the active
 * one; a version that loses beyond the tolerance is rejected with the evaluation as its reason. The
 * gate stores its evaluation and answers a resumed run from the store, so re-running this node after
 * interrupt() evaluates nothing twice; nothing else with a side effect happens before interrupt().
 */
import { interrupt } from "@langchain/langgraph";
import { errorMessage } from "../../core/errors.js";
import type { VersionedPromptStore } from "../../prompts/prompt-versions.js";
import type { ReflectionStateUpdate, ReflectionStateValue } from "../../state/reflection-state.js";

export type PromptActivation = "auto" | "approval";

/** The evaluation of a candidate version against the active one (runtime/prompt-eval.ts). */
export interface PromptGate {
  evaluate(input: { runId: string; active: number; candidate: number }): Promise<PromptGateResult>;
}

export interface PromptGateResult {
  pass: boolean;
  reason: string;
  /** the side-by-side evaluation, for the reviewer; null when none ran */
  comparison: unknown;
}

export interface ActivateDeps {
  store: Pick<VersionedPromptStore, "record" | "activate" | "reject">;
  mode: PromptActivation;
  /** absent: no evaluation before activation (PROMPT_EVAL_GATE=off) */
  gate?: PromptGate;
}

/** What the reviewer sees. */
export interface PromptApprovalRequest {
  runId: string;
  version: number;
  parentVersion: number;
  changeLog: string;
  diff: string;
  /** the gate's evaluation against the active version, when a gate ran */
  evaluation?: { reason: string; comparison: unknown };
}

export interface PromptApprovalAnswer {
  approve: boolean;
  note?: string;
}

export function createActivate(deps: ActivateDeps) {
  /** The gate's verdict; a gate that cannot run keeps the version inactive (it has not shown it is safe). */
  async function evaluate(state: ReflectionStateValue, version: number): Promise<PromptGateResult | undefined> {
    if (!deps.gate) return undefined;
    try {
      return await deps.gate.evaluate({ runId: state.runId, active: state.parentVersion, candidate: version });
    } catch (err) {
      return { pass: false, reason: `evaluation failed, so v${version} stays inactive: ${errorMessage(err)}`, comparison: null };
    }
  }

  return async function activate(state: ReflectionStateValue): Promise<ReflectionStateUpdate> {
    const version = state.proposedVersion;
    const record = version === null ? undefined : deps.store.record(version);
    if (version === null || !record) return { activation: { status: "unchanged", note: "no new version: the prompt stays as it is" } };
    // Decided elsewhere meanwhile (`kis-agent prompts approve|reject`), or a resumed run.
    if (record.status !== "proposed") {
      return {
        activation: {
          status: record.status === "active" ? "active" : "rejected",
          note: `v${version} is ${record.status}${record.statusReason ? `: ${record.statusReason}` : ""}`,
        },
      };
    }
    const gate = await evaluate(state, version);
    if (gate && !gate.pass) {
      deps.store.reject(version, gate.reason);
      return { activation: { status: "rejected", note: `v${version} ${gate.reason}` } };
    }
    let reason = `activated automatically (PROMPT_ACTIVATION=auto)${gate ? `; ${gate.reason}` : ""}`;
    if (deps.mode === "approval") {
      const answer = interrupt<PromptApprovalRequest, PromptApprovalAnswer>({
        runId: state.runId,
        version,
        parentVersion: state.parentVersion,
        changeLog: record.changeLog,
        diff: record.diff,
        ...(gate ? { evaluation: { reason: gate.reason, comparison: gate.comparison } } : {}),
      });
      if (answer?.approve !== true) {
        const note = `rejected by reviewer${answer?.note ? `: ${answer.note}` : ""}`;
        deps.store.reject(version, note);
        return { activation: { status: "rejected", note } };
      }
      reason = `approved by reviewer${answer.note ? `: ${answer.note}` : ""}`;
    }
    const result = deps.store.activate(version, state.parentVersion, reason);
    if (result.ok) return { activation: { status: "active", note: `v${version} ${reason}` } };
    const note = `lost the activation race: ${result.reason}`;
    deps.store.reject(version, note);
    return { activation: { status: "rejected", note: `v${version} ${note}` }, alerts: `activate: v${version} ${note}` };
  };
}
