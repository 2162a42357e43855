/**
 * Investigators take the next turn of the investigation loop: tool calls to make, or a closing
 * note without any. The model investigator is the chat model bound to the read tools; offline
 * investigators are deterministic policies over the graph state. A provider failure is a turn that
 * ends the loop with its reason, never a crash: the decision still gets its own call.
 */
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { AppError, errorMessage } from "../core/errors.js";
import { costUsd } from "./pricing.js";
import { isTimeout, promptTextOf, type LlmCallRecord } from "./structured-call.js";

export interface InvestigatorTurn {
  message: AIMessage;
  /** the model call behind the turn, for the ledger; absent for an offline policy */
  call?: LlmCallRecord;
  /** set when the model could not answer: the loop ends here */
  failure?: string;
}

export interface Investigator<S> {
  readonly provider: string;
  next(messages: BaseMessage[], state: S): Promise<InvestigatorTurn>;
}

export function createModelInvestigator<S>(
  model: BaseChatModel,
  tools: StructuredToolInterface[],
  settings: { provider: string; model: string; timeoutMs: number },
): Investigator<S> {
  if (!model.bindTools) throw new AppError("CONFIG_INVALID", `${settings.provider} chat model cannot bind tools`);
  const bound = model.bindTools(tools);
  return {
    provider: settings.provider,
    async next(messages) {
      const started = performance.now();
      const record = (fields: Partial<LlmCallRecord> & { ok: boolean }): LlmCallRecord => {
        const inputTokens = fields.inputTokens ?? 0;
        const outputTokens = fields.outputTokens ?? 0;
        return {
          model: settings.model,
          promptText: promptTextOf(messages),
          responseText: "",
          ...fields,
          inputTokens,
          outputTokens,
          costUsd: costUsd(settings.model, inputTokens, outputTokens).costUsd,
          latencyMs: Math.round(performance.now() - started),
        };
      };
      try {
        const message = (await bound.invoke(messages, { signal: AbortSignal.timeout(settings.timeoutMs) })) as AIMessage;
        const usage = { inputTokens: message.usage_metadata?.input_tokens ?? 0, outputTokens: message.usage_metadata?.output_tokens ?? 0 };
        const responseText = promptTextOf([message]).replace(/^\[ai\]\n/, "");
        return { message, call: record({ ok: true, responseText, ...usage }) };
      } catch (err) {
        const reason = isTimeout(err)
          ? `model call timed out after ${settings.timeoutMs} ms`
          : `model provider error: ${errorMessage(err)}`;
        return { message: new AIMessage(`(investigation ended: ${reason})`), call: record({ ok: false, error: reason }), failure: reason };
      }
    },
  };
}
