/**
 * Builds the decision model from config. `offline` has no model: the offline rules policy plans
 * instead (nodes decide). Keys are handed to the client only; nothing here logs them.
 */
import { ChatGoogleGenerativeAI } from "@langchain/google-genai";
import { ChatOpenAI } from "@langchain/openai";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { LlmSettings } from "../core/config.js";
import { registerSecret } from "../core/logger.js";

export function createChatModel(settings: LlmSettings): BaseChatModel | null {
  registerSecret(settings.apiKey);
  switch (settings.provider) {
    case "offline":
      return null;
    case "openai":
    case "openai-compatible":
      return new ChatOpenAI({
        model: settings.model,
        apiKey: settings.apiKey ?? "not-needed",
        timeout: settings.timeoutMs,
        maxRetries: settings.maxRetries,
        temperature: 0,
        ...(settings.baseUrl ? { configuration: { baseURL: settings.baseUrl } } : {}),
      });
    case "google":
      return new ChatGoogleGenerativeAI({
        model: settings.model,
        apiKey: settings.apiKey ?? "not-needed",
        maxRetries: settings.maxRetries,
        temperature: 0,
        ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      });
  }
}
