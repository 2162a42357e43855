/**
 * Screens text that flows from trades, market data or a model's answer before any of it may enter
 * the decision prompt. It refuses anything that could pose as prompt structure (section markers,
 * comments, headings, code fences, line breaks) or that talks about loosening the protected rules
 * (risk limits, the output contract, "ignore the above"). Structure is checked on the text as given
 * (it is what would enter the prompt); loosening on its normalised form (core/plain-text.ts), and
 * the Korean phrases also with the spaces taken out ("손 절 무 시"). A refusal is a reason, never an exception.
 */
import { normalizeText } from "../core/plain-text.js";

const STRUCTURE: Array<[RegExp, string]> = [
  [/<!--|-->|<\/?[a-z!]/i, "contains markup or a comment marker"],
  [/[\r\n\u2028\u2029]/, "spans more than one line"],
  [/(^|\s)#{1,6}\s/, "contains a markdown heading"],
  [/```|~~~/, "contains a code fence"],
  [/[\u202a-\u202e\u2066-\u2069]/, "contains bidi control characters"],
];

/** C0 controls other than tab and line breaks (those are refused above), and DEL (a regex would need control characters in its source). */
const hasControl = (text: string) =>
  [...text].some((ch) => {
    const c = ch.charCodeAt(0);
    return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
  });

const LOOSENING: Array<[RegExp, string]> = [
  [
    /\b(ignore|disregard|forget|override|bypass|skip)\b.{0,60}\b(rules?|limits?|instructions?|above|previous|prompt|contract|section)/i,
    "asks to ignore rules or instructions",
  ],
  [
    /\b(raise|increase|lift|loosen|relax|remove|disable|double|exceed|widen)\b.{0,60}\b(limits?|caps?|weight|exposure|stop[- ]?loss|loss|risk|quantity|size)/i,
    "asks to loosen a risk limit",
  ],
  [/\b(no|without)\s+(stop[- ]?loss|limits?|risk (check|limit)s?)\b/i, "asks to trade without a limit"],
  [/\b(risk[- ]rules|output[- ]contract|protected|system prompt|json schema)\b/i, "names a protected section"],
  [/(무시|우회|해제|무력화|삭제)/, "asks to ignore or remove rules (ko)"],
  [/(한도|손절|비중|리스크|위험|수량).{0,20}(늘리|올리|초과|높이|완화|없애|풀어)/, "asks to loosen a risk limit (ko)"],
  [/(리스크 규칙|출력 형식|보호됨|보호된)/, "names a protected section (ko)"],
];

/** Korean loosening phrases, matched with all whitespace removed. */
const LOOSENING_KO_COMPACT: Array<[RegExp, string]> = [
  [/손절(무시|안함|안하|하지마|하지않|없이|생략|금지|말고|보류|취소|해제)/, "asks to skip the stop-loss (ko)"],
  [/(한도|제한|비중|리스크|손실)(해제|무시|없이|무제한|상관없이|초과허용|신경쓰지|풀기|풀어)/, "asks to lift a risk limit (ko)"],
  [/(무제한|몰빵|올인|풀매수|전액매수|물타기계속)/, "asks for an unbounded position (ko)"],
  [/(이전|위의?|앞의?)(지시|규칙|내용)(는|을|를)?(무시|잊어|따르지)/, "asks to ignore rules or instructions (ko)"],
];

/** Why the text may not enter the prompt, or null when it may. */
export function unsafeTextReason(text: string): string | null {
  if (hasControl(text)) return "contains control characters";
  for (const [pattern, reason] of STRUCTURE) if (pattern.test(text)) return reason;
  const normalized = normalizeText(text);
  for (const [pattern, reason] of LOOSENING) if (pattern.test(normalized)) return reason;
  const compact = normalized.replace(/\s+/g, "");
  for (const [pattern, reason] of LOOSENING_KO_COMPACT) if (pattern.test(compact)) return reason;
  return null;
}
