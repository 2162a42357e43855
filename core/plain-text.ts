/**
 * Text from outside (broker names, model answers, learned rules) reduced to what it says: NFKC
 * (full-width letters become ASCII), invisible characters removed (zero-width, bidi controls, fillers,
 * soft hyphens), and letters that only look Latin (Cyrillic, Greek) folded to Latin. The rule screen
 * checks this form, so "ｉｇｎｏｒｅ", "ig\u200bnore" and a Cyrillic "іgnоrе" all read as "ignore".
 */

/** Zero-width and joiner characters, bidi marks and controls, variation selectors, Hangul fillers, soft hyphen, BOM. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Cyrillic and Greek letters drawn like Latin ones (the common confusables). */
const CONFUSABLES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ї: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  У: "Y",
  Х: "X",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  α: "a",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "g");

export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(CONFUSABLE, (ch) => CONFUSABLES[ch] ?? ch);
}

/**
 * One cell of a comma-separated prompt table: normalised, with every line break, control character
 * and separator (`,` `;` `|` tab) and anything that could pose as markup turned into a space.
 */
export function tableCell(text: string, maxLength = 40): string {
  return normalizeText(text)
    .replace(/[\p{Cc}\p{Zl}\p{Zp},;|#<>`]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, maxLength);
}
