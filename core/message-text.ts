/**
 * The text of a chat message's content, whether the provider sent a string or a list of parts.
 * Here, below both, because prompts/ renders messages and llm/ reads answers.
 */
import type { BaseMessage } from "@langchain/core/messages";

export function contentText(content: BaseMessage["content"]): string {
  if (typeof content === "string") return content;
  return content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}
