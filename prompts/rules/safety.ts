/**
 * Screens text that flows from trades, market data or a model's answer before any of it may enter
 * the decision prompt. It refuses anything that could pose as prompt structure (section markers,
 * comments, headings, code fences, line breaks) or that talks about loosening the protected rules
 * (risk limits, the output contract, "ignore the above"). A refusal is a reason, never an exception.
 */

const STRUCTURE: Array<[RegExp, string]> = [
  [/<!--|-->|<\/?[a-z!]/i, "contains markup or a comment marker"],
  [/[\r\n\u2028\u2029]/, "spans more than one line"],
  [/(^|\s)#{1,6}\s/, "contains a markdown heading"],
  [/```|~~~/, "contains a code fence"],
  [/[\u202a-\u202e\u2066-\u2069]/, "contains bidi control characters"],
];

/** C0 controls other than tab and line breaks (those are refused above), and DEL (a regex would need control characters in its source). */
const hasControl = (text: string) => [...text].some((ch) => { const c = ch.charCodeAt(0); return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f; });

const LOOSENING: Array<[RegExp, string]> = [
  [/\b(ignore|disregard|forget|override|bypass|skip)\b.{0,60}\b(rules?|limits?|instructions?|above|previous|prompt|contract|section)/i, "asks to ignore rules or instructions"],
  [/\b(raise|increase|lift|loosen|relax|remove|disable|double|exceed|widen)\b.{0,60}\b(limits?|caps?|weight|exposure|stop[- ]?loss|loss|risk|quantity|size)/i, "asks to loosen a risk limit"],
  [/\b(no|without)\s+(stop[- ]?loss|limits?|risk (check|limit)s?)\b/i, "asks to trade without a limit"],
  [/\b(risk[- ]rules|output[- ]contract|protected|system prompt|json schema)\b/i, "names a protected section"],
  [/(무시|우회|해제|무력화|삭제)/, "asks to ignore or remove rules (ko)"],
  [/(한도|손절|비중|리스크|위험|수량).{0,20}(늘리|올리|초과|높이|완화|없애|풀어)/, "asks to loosen a risk limit (ko)"],
  [/(리스크 규칙|출력 형식|보호됨|보호된)/, "names a protected section (ko)"],
];

/** Why the text may not enter the prompt, or null when it may. */
export function unsafeTextReason(text: string): string | null {
  if (hasControl(text)) return "contains control characters";
  for (const [pattern, reason] of [...STRUCTURE, ...LOOSENING]) if (pattern.test(text)) return reason;
  return null;
}
