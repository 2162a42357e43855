/** Writes each investigation tool call to `tool_calls`, with the run it belongs to. */
import type { Clock } from "../core/clock.js";
import type { ToolCallsRepo } from "../db/tool-calls-repo.js";
import type { ToolCallSink } from "../nodes/investigation/tool-node.js";

export function createToolLedger(repo: ToolCallsRepo, clock: Clock): ToolCallSink {
  return { record: (call) => void repo.insert(call, clock.now()) };
}
