/**
 * Where the decision prompt's versions live. A trading run reads the active version once at its
 * start and uses that exact text throughout, so P&L and cost are attributable per version.
 */
import { readFileSync } from "node:fs";

export interface PromptVersion {
  version: number;
  text: string;
}

export interface PromptStore {
  active(): PromptVersion;
  get(version: number): PromptVersion | undefined;
}

export const CORE_DECISION_PROMPT_FILE = new URL("./core-decision.md", import.meta.url);

export function readCoreDecisionPrompt(): string {
  return readFileSync(CORE_DECISION_PROMPT_FILE, "utf8");
}

/** A single fixed version: for tests and for a database that has no versions yet. */
export function createStaticPromptStore(text: string = readCoreDecisionPrompt(), version = 1): PromptStore {
  const only = { version, text };
  return { active: () => only, get: (v) => (v === version ? only : undefined) };
}
