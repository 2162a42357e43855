/**
 * The activation gate in the activate node, with a fake store and a fake gate: a version that the
 * evaluation says lost beyond the tolerance is rejected with the evaluation as its reason and never
 * activated; one that passes is activated with the evaluation in its reason; a gate that throws
 * keeps the version inactive; no gate activates as before.
 */
import { describe, expect, it, vi } from "vitest";
import type { PromptVersionRecord } from "../../../db/prompt-versions-repo.js";
import { createActivate, type ActivateDeps, type PromptGate } from "../../../nodes/reflection/activate.js";
import type { ReflectionStateValue } from "../../../state/reflection-state.js";

function fakeStore() {
  const record = {
    version: 2,
    parentVersion: 1,
    status: "proposed",
    changeLog: "add R2.1",
    diff: "+rule",
    statusReason: "",
  } as PromptVersionRecord;
  return {
    record: vi.fn(() => record),
    activate: vi.fn(() => ({ ok: true as const })),
    reject: vi.fn(() => ({ ok: true as const })),
  } satisfies ActivateDeps["store"];
}

const state = { runId: "reflection-1", proposedVersion: 2, parentVersion: 1 } as ReflectionStateValue;
const gate = (result: Awaited<ReturnType<PromptGate["evaluate"]>> | Error): PromptGate => ({
  evaluate: vi.fn(() => (result instanceof Error ? Promise.reject(result) : Promise.resolve(result))),
});

describe("activate: the evaluation gate", () => {
  it("rejects a version that lost beyond the tolerance, with the evaluation as the reason", async () => {
    const store = fakeStore();
    const g = gate({ pass: false, reason: "evaluation: v2 lost to active v1 beyond the 0.5 pp tolerance", comparison: {} });
    const update = await createActivate({ store, mode: "auto", gate: g })(state);
    expect(g.evaluate).toHaveBeenCalledWith({ runId: "reflection-1", active: 1, candidate: 2 });
    expect(store.activate).not.toHaveBeenCalled();
    expect(store.reject).toHaveBeenCalledWith(2, "evaluation: v2 lost to active v1 beyond the 0.5 pp tolerance");
    expect(update.activation).toEqual({ status: "rejected", note: "v2 evaluation: v2 lost to active v1 beyond the 0.5 pp tolerance" });
  });

  it("activates a version that is not worse, naming the evaluation", async () => {
    const store = fakeStore();
    const update = await createActivate({
      store,
      mode: "auto",
      gate: gate({ pass: true, reason: "evaluation: v2 not worse", comparison: {} }),
    })(state);
    expect(store.activate).toHaveBeenCalledWith(2, 1, "activated automatically (PROMPT_ACTIVATION=auto); evaluation: v2 not worse");
    expect(update.activation?.status).toBe("active");
  });

  it("keeps the version inactive when the evaluation cannot run", async () => {
    const store = fakeStore();
    const update = await createActivate({ store, mode: "auto", gate: gate(new Error("disk full")) })(state);
    expect(store.activate).not.toHaveBeenCalled();
    expect(store.reject).toHaveBeenCalledWith(2, "evaluation failed, so v2 stays inactive: disk full");
    expect(update.activation?.status).toBe("rejected");
  });

  it("without a gate (PROMPT_EVAL_GATE=off) activates as before", async () => {
    const store = fakeStore();
    const update = await createActivate({ store, mode: "auto" })(state);
    expect(store.activate).toHaveBeenCalledWith(2, 1, "activated automatically (PROMPT_ACTIVATION=auto)");
    expect(update.activation?.status).toBe("active");
  });
});
