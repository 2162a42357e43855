/**
 * One structured model call that never throws and never guesses: the answer is either a value
 * that passed the zod schema, or a reason (broken JSON, schema mismatch, timeout, provider error).
 * Every call, good or bad, comes back as a record for the usage and cost ledger.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { z } from "zod";
import { errorMessage } from "../core/errors.js";
import { contentText } from "../core/message-text.js";
import { costUsd } from "./pricing.js";

export interface LlmCallRecord {
  model: string;
  /** the whole prompt as sent, for the audit trail */
  promptText: string;
  responseText: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  ok: boolean;
  error?: string;
}

export type StructuredResult<T> = { ok: true; value: T; call: LlmCallRecord } | { ok: false; reason: string; call: LlmCallRecord };

export interface StructuredCallOptions {
  /** the structured-output function/schema name sent to the provider */
  name: string;
  modelName: string;
  timeoutMs: number;
}

export async function callStructured<S extends z.ZodType>(
  model: BaseChatModel,
  schema: S,
  messages: BaseMessage[],
  options: StructuredCallOptions,
): Promise<StructuredResult<z.infer<S>>> {
  const promptText = promptTextOf(messages);
  const started = performance.now();
  const record = (fields: Partial<LlmCallRecord> & { ok: boolean }): LlmCallRecord => {
    const inputTokens = fields.inputTokens ?? 0;
    const outputTokens = fields.outputTokens ?? 0;
    return {
      model: options.modelName,
      promptText,
      responseText: "",
      ...fields,
      inputTokens,
      outputTokens,
      costUsd: costUsd(options.modelName, inputTokens, outputTokens).costUsd,
      latencyMs: Math.round(performance.now() - started),
    };
  };
  let raw: AIMessage;
  try {
    // The provider gets the JSON schema, but validation stays here: a client-side parse failure
    // would otherwise throw away the raw answer we must record.
    const runnable = model.withStructuredOutput(toJsonSchema(schema) as Record<string, unknown>, {
      name: options.name,
      includeRaw: true,
      strict: true,
    });
    const out = await runnable.invoke(messages, { signal: AbortSignal.timeout(options.timeoutMs) });
    raw = out.raw as AIMessage;
  } catch (err) {
    // The OpenAI SDK parses json_schema answers itself, so broken JSON surfaces as a SyntaxError here.
    const reason = isTimeout(err)
      ? `model call timed out after ${options.timeoutMs} ms`
      : err instanceof SyntaxError || /in JSON at position|Unexpected (token|end of JSON)/.test(errorMessage(err))
        ? `model answer is not valid JSON: ${errorMessage(err)}`
        : `model provider error: ${errorMessage(err)}`;
    return { ok: false, reason, call: record({ ok: false, error: reason }) };
  }
  const usage = { inputTokens: raw.usage_metadata?.input_tokens ?? 0, outputTokens: raw.usage_metadata?.output_tokens ?? 0 };
  const toolArgs = raw.tool_calls?.[0]?.args;
  const responseText = toolArgs ? JSON.stringify(toolArgs) : contentText(raw.content);
  const candidate = toolArgs ?? parseJson(responseText);
  if (candidate === undefined) {
    const reason = `model answer is not valid JSON: ${responseText.slice(0, 200)}`;
    return { ok: false, reason, call: record({ ok: false, responseText, error: reason, ...usage }) };
  }
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    const reason = `model answer does not match the ${options.name} schema: ${issues}`;
    return { ok: false, reason, call: record({ ok: false, responseText, error: reason, ...usage }) };
  }
  return { ok: true, value: parsed.data, call: record({ ok: true, responseText, ...usage }) };
}

/** The whole conversation as sent, tool calls included, for the audit trail. */
export function promptTextOf(messages: readonly BaseMessage[]): string {
  return messages
    .map((m) => {
      const calls = (m as AIMessage).tool_calls ?? [];
      const asked = calls.map((c) => `\n→ ${c.name}(${JSON.stringify(c.args)})`).join("");
      return `[${m.getType()}]\n${contentText(m.content)}${asked}`;
    })
    .join("\n\n");
}

function parseJson(text: string): unknown {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "");
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export function isTimeout(err: unknown): boolean {
  const text = `${(err as { name?: string })?.name ?? ""} ${errorMessage(err)}`;
  return /timeout|timed out|aborted/i.test(text);
}
