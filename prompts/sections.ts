/**
 * The decision prompt is markdown cut into named sections by `<!-- section: NAME [protected] -->`
 * markers. Rewrites replace whole sections by name; protected sections can only be copied.
 */
import { AppError } from "../core/errors.js";

export interface PromptSection {
  name: string;
  protected: boolean;
  /** the marker line itself */
  marker: string;
  /** everything after the marker line up to the next marker */
  body: string;
}

export interface ParsedPrompt {
  /** text before the first marker */
  preamble: string;
  sections: PromptSection[];
}

const MARKER = /^<!-- section: ([a-z][a-z0-9-]*)( protected)? -->$/gm;

export function parsePrompt(text: string): ParsedPrompt {
  const markers = [...text.matchAll(MARKER)];
  if (markers.length === 0) throw new AppError("DATA_INVALID", "Prompt has no `<!-- section: NAME -->` markers");
  const sections = markers.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = markers[i + 1]?.index ?? text.length;
    return { name: m[1] ?? "", protected: Boolean(m[2]), marker: m[0], body: text.slice(start, end) };
  });
  const names = new Set<string>();
  for (const s of sections) {
    if (names.has(s.name)) throw new AppError("DATA_INVALID", `Prompt section '${s.name}' appears twice`);
    names.add(s.name);
  }
  return { preamble: text.slice(0, markers[0]?.index ?? 0), sections };
}

/** Exact inverse of parsePrompt: renderPrompt(parsePrompt(t)) === t. */
export function renderPrompt(prompt: ParsedPrompt): string {
  return prompt.preamble + prompt.sections.map((s) => s.marker + s.body).join("");
}

export function section(prompt: ParsedPrompt, name: string): PromptSection {
  const found = prompt.sections.find((s) => s.name === name);
  if (!found) throw new AppError("DATA_INVALID", `Prompt has no section '${name}'`);
  return found;
}

/** Replaces one unprotected section's body; refuses protected ones. */
export function replaceSection(prompt: ParsedPrompt, name: string, body: string): ParsedPrompt {
  const target = section(prompt, name);
  if (target.protected) throw new AppError("DATA_INVALID", `Section '${name}' is protected and cannot be rewritten`);
  return { ...prompt, sections: prompt.sections.map((s) => (s.name === name ? { ...s, body } : s)) };
}

/** The prompt as the model sees it: markers removed, whitespace kept. */
export function promptForModel(text: string): string {
  return text.replace(/^<!--[\s\S]*?-->\n?/gm, "").trim();
}
