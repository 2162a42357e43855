/**
 * tools: LangGraph's ToolNode answering the model's calls (in parallel), with what the product
 * needs around it: the budget of tool calls, symbols checked against the run's universe, results
 * cached per run and kept compact, invalid arguments answered instead of dropped, and every call
 * written to the ledger. Failures (a KIS error, a bad argument, an unknown tool) come back to the
 * model as a ToolMessage with the reason — ToolNode's own error handling — never as a crash.
 */
import { ToolMessage, type AIMessage, type ToolCall } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import type { InvestigationSettings } from "../../core/config.js";
import { contentText } from "../../core/message-text.js";
import { toolCallsLeft } from "./budget.js";
import type { RunContext } from "../run-context.js";
import type { InvestigationState, InvestigationUpdate } from "./investigate.js";

export interface ToolCallRecord {
  runId: string;
  tool: string;
  args: unknown;
  latencyMs: number;
  resultChars: number;
  error?: string;
  cached: boolean;
}

export interface ToolCallSink {
  record(call: ToolCallRecord): void;
}

export interface InvestigationToolsDeps<S> {
  tools: StructuredToolInterface[];
  budget: InvestigationSettings;
  ledger: ToolCallSink;
  /** the symbols a call may name this run; null when tools take no symbol */
  universe?: (state: S) => ReadonlySet<string> | null;
  /** where the turns are stored; the state keeps their refs */
  context: Pick<RunContext, "transcript" | "saveTurn">;
}

/** A result longer than this is cut: a tool answer should cost a few hundred tokens. */
export const MAX_RESULT_CHARS = 2_400;
/** Runs whose cache is kept (Studio may interleave a few). */
const CACHED_RUNS = 8;

const compact = (text: string) =>
  text.length <= MAX_RESULT_CHARS
    ? text
    : `${text.slice(0, MAX_RESULT_CHARS)}… (cut at ${MAX_RESULT_CHARS} characters: ask for fewer rows)`;

const refusal = (call: { id?: string | undefined; name?: string | undefined }, reason: string) =>
  new ToolMessage({ status: "error", content: `Error: ${reason}`, name: call.name ?? "unknown", tool_call_id: call.id ?? "" });

export class InvestigationToolNode<S extends InvestigationState> extends ToolNode {
  /** per run: each call's answer (null when it failed, so it is tried again) */
  private readonly cache = new Map<string, Map<string, Promise<string | null>>>();

  constructor(private readonly deps: InvestigationToolsDeps<S>) {
    super(deps.tools, { name: "tools", handleToolErrors: true });
  }

  protected override async run(input: unknown, config: LangGraphRunnableConfig): Promise<InvestigationUpdate> {
    const state = input as S;
    const messages = this.deps.context.transcript(state);
    const ai = [...messages].reverse().find((m): m is AIMessage => m.getType() === "ai");
    const answered = new Set(messages.filter((m) => m.getType() === "tool").map((m) => (m as ToolMessage).tool_call_id));
    const calls = (ai?.tool_calls ?? []).filter((c) => c.id === undefined || !answered.has(c.id));
    const spent = state.investigation;
    const left = spent ? toolCallsLeft(spent, this.deps.budget) : 0;
    const universe = this.deps.universe?.(state) ?? null;
    const answers = await Promise.all(
      calls.map((call, i) =>
        i < left
          ? this.answer(call, state, universe, config)
          : Promise.resolve(refusal(call, `not run: this investigation's budget of ${this.deps.budget.maxToolCalls} tool calls is spent`)),
      ),
    );
    const invalid = (ai?.invalid_tool_calls ?? []).map((call) => {
      const reason = `the arguments of ${call.name ?? "this call"} are not valid JSON: ${call.error ?? String(call.args).slice(0, 200)}`;
      this.deps.ledger.record({
        runId: state.runId,
        tool: call.name ?? "unknown",
        args: call.args ?? null,
        latencyMs: 0,
        resultChars: 0,
        error: reason,
        cached: false,
      });
      return refusal(call, reason);
    });
    const counted = Math.min(calls.length, left) + invalid.length;
    const turn = [...answers, ...invalid];
    return {
      ...(turn.length > 0 ? { transcript: [this.deps.context.saveTurn(state, turn).ref] } : {}),
      ...(spent ? { investigation: { ...spent, toolCalls: spent.toolCalls + counted } } : {}),
    };
  }

  private async answer(
    call: ToolCall,
    state: S,
    universe: ReadonlySet<string> | null,
    config: LangGraphRunnableConfig,
  ): Promise<ToolMessage> {
    const record = (message: ToolMessage, latencyMs: number, cached: boolean) => {
      const text = contentText(message.content);
      this.deps.ledger.record({
        runId: state.runId,
        tool: call.name,
        args: call.args,
        latencyMs,
        resultChars: text.length,
        cached,
        ...(message.status === "error" ? { error: text } : {}),
      });
      return message;
    };
    const symbol = (call.args as { symbol?: unknown } | undefined)?.symbol;
    if (universe && typeof symbol === "string" && !universe.has(symbol)) {
      return record(refusal(call, `symbol ${symbol} is outside this run's universe (${[...universe].join(", ")})`), 0, false);
    }
    const key = `${call.name}|${JSON.stringify(call.args)}`;
    const runCache = this.cacheOf(state.runId);
    // The same call twice in one turn (parallel) or in a later turn reads KIS once.
    const pending = runCache.get(key);
    if (pending) {
      const content = await pending;
      if (content !== null)
        return record(new ToolMessage({ status: "success", content, name: call.name, tool_call_id: call.id ?? "" }), 0, true);
    }
    const started = performance.now();
    const running = this.runTool(call, config, state).then((out) => {
      const message =
        out instanceof ToolMessage ? out : refusal(call, "the tool answered with a command, which investigation tools may not");
      return new ToolMessage({
        status: message.status ?? "success",
        content: compact(contentText(message.content)),
        name: call.name,
        tool_call_id: call.id ?? "",
      });
    });
    runCache.set(
      key,
      running.then((m) => (m.status === "error" ? null : contentText(m.content))),
    );
    return record(await running, Math.round(performance.now() - started), false);
  }

  private cacheOf(runId: string): Map<string, Promise<string | null>> {
    let runCache = this.cache.get(runId);
    if (!runCache) {
      runCache = new Map();
      this.cache.set(runId, runCache);
      if (this.cache.size > CACHED_RUNS) this.cache.delete(this.cache.keys().next().value as string);
    }
    return runCache;
  }
}
