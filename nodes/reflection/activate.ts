/**
 * activate: puts the proposed version in force — automatically (sim and paper by default), or after
 * a person says yes (a LangGraph interrupt; real mode by default). Activation is a compare-and-set on
 * the run's parent version: if another run activated a version meanwhile, this one is recorded as
 * rejected with the reason. Nothing with a side effect happens before interrupt().
 */
import { interrupt } from "@langchain/langgraph";
import type { VersionedPromptStore } from "../../prompts/prompt-versions.js";
import type { ReflectionStateUpdate, ReflectionStateValue } from "../../state/reflection-state.js";

export type PromptActivation = "auto" | "approval";

export interface ActivateDeps {
  store: Pick<VersionedPromptStore, "record" | "activate" | "reject">;
  mode: PromptActivation;
}

/** What the reviewer sees. */
export interface PromptApprovalRequest {
  runId: string;
  version: number;
  parentVersion: number;
  changeLog: string;
  diff: string;
}

export interface PromptApprovalAnswer {
  approve: boolean;
  note?: string;
}

export function createActivate(deps: ActivateDeps) {
  return function activate(state: ReflectionStateValue): ReflectionStateUpdate {
    const version = state.proposedVersion;
    const record = version === null ? undefined : deps.store.record(version);
    if (version === null || !record) return { activation: { status: "unchanged", note: "no new version: the prompt stays as it is" } };
    // Decided elsewhere meanwhile (`kis-agent prompts approve|reject`), or a resumed run.
    if (record.status !== "proposed") {
      return { activation: { status: record.status === "active" ? "active" : "rejected", note: `v${version} is ${record.status}${record.statusReason ? `: ${record.statusReason}` : ""}` } };
    }
    let reason = "activated automatically (PROMPT_ACTIVATION=auto)";
    if (deps.mode === "approval") {
      const answer = interrupt<PromptApprovalRequest, PromptApprovalAnswer>({
        runId: state.runId, version, parentVersion: state.parentVersion, changeLog: record.changeLog, diff: record.diff,
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
