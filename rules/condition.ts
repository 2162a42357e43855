/**
 * The condition language of learned rules: a small, total, side-effect-free expression language
 * over the snapshot fields in `fields.ts`.
 *
 *   condition  := or
 *   or         := and ( "or" and )*
 *   and        := unary ( "and" unary )*
 *   unary      := "not" unary | "(" or ")" | comparison
 *   comparison := operand ( "<" | "<=" | ">" | ">=" | "==" | "!=" ) operand
 *   operand    := FIELD | NUMBER            (NUMBER: -12, 1.5, 1_000 is not allowed)
 *
 * Example: `rsi14 > 75 and volumeRatio < 1.2`, `not (timeKst >= 1430) or changeRate >= 10`.
 * Keywords are lower case; FIELD must be a known field name; at least one side of a comparison is a
 * field. At most 200 characters and 12 comparisons. Evaluation is three-valued: a comparison with a
 * missing field is unknown, `and`/`or`/`not` follow Kleene logic, and an unknown result does not
 * match — a rule never fires on data it does not have.
 */
import { AppError } from "../core/errors.js";
import { isRuleField, readField, type RuleSnapshot } from "./fields.js";

export type Comparator = "<" | "<=" | ">" | ">=" | "==" | "!=";
export type Operand = { kind: "field"; name: string } | { kind: "number"; value: number };
export type Condition =
  | { kind: "compare"; op: Comparator; left: Operand; right: Operand }
  | { kind: "and" | "or"; items: Condition[] }
  | { kind: "not"; item: Condition };

export const MAX_CONDITION_LENGTH = 200;
const MAX_COMPARISONS = 12;
const TOKEN = /\s*(?:(<=|>=|==|!=|<|>|\(|\))|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][A-Za-z0-9_]*))/y;

type Token = { kind: "op" | "number" | "word"; text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw invalid(`unexpected character '${text.slice(at).trimStart()[0] ?? ""}' at ${at}`);
    if (m[1]) tokens.push({ kind: "op", text: m[1], at });
    else if (m[2]) tokens.push({ kind: "number", text: m[2], at });
    else tokens.push({ kind: "word", text: m[3] ?? "", at });
  }
  return tokens;
}

const invalid = (message: string) => new AppError("DATA_INVALID", `Invalid rule condition: ${message}`);
const COMPARATORS = new Set(["<", "<=", ">", ">=", "==", "!="]);

class Parser {
  private i = 0;
  comparisons = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Condition {
    const condition = this.or();
    const rest = this.tokens[this.i];
    if (rest) throw invalid(`unexpected '${rest.text}' at ${rest.at}`);
    return condition;
  }

  private peek(text: string): boolean {
    return this.tokens[this.i]?.text === text;
  }

  private or(): Condition {
    const items = [this.and()];
    while (this.peek("or")) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as Condition) : { kind: "or", items };
  }

  private and(): Condition {
    const items = [this.unary()];
    while (this.peek("and")) {
      this.i++;
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as Condition) : { kind: "and", items };
  }

  private unary(): Condition {
    if (this.peek("not")) {
      this.i++;
      return { kind: "not", item: this.unary() };
    }
    if (this.peek("(")) {
      this.i++;
      const inner = this.or();
      if (!this.peek(")")) throw invalid(`missing ')' ${this.where()}`);
      this.i++;
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const left = this.operand();
    const op = this.tokens[this.i];
    if (!op || !COMPARATORS.has(op.text)) throw invalid(`expected a comparison operator ${this.where()}`);
    this.i++;
    const right = this.operand();
    if (left.kind === "number" && right.kind === "number") throw invalid(`comparison of two numbers at ${op.at}`);
    if (++this.comparisons > MAX_COMPARISONS) throw invalid(`more than ${MAX_COMPARISONS} comparisons`);
    return { kind: "compare", op: op.text as Comparator, left, right };
  }

  private operand(): Operand {
    const t = this.tokens[this.i];
    if (!t) throw invalid("unexpected end");
    this.i++;
    if (t.kind === "number") return { kind: "number", value: Number(t.text) };
    if (t.kind === "word" && isRuleField(t.text)) return { kind: "field", name: t.text };
    if (t.kind === "word") throw invalid(`unknown field '${t.text}' at ${t.at}`);
    throw invalid(`expected a field or a number at ${t.at}, got '${t.text}'`);
  }

  private where(): string {
    const t = this.tokens[this.i];
    return t ? `at ${t.at}` : "at the end";
  }
}

/** Parses a condition; throws DATA_INVALID naming what is wrong and where. */
export function parseCondition(text: string): Condition {
  if (text.length > MAX_CONDITION_LENGTH) throw invalid(`longer than ${MAX_CONDITION_LENGTH} characters`);
  const tokens = tokenize(text);
  if (tokens.length === 0) throw invalid("empty");
  return new Parser(tokens).parse();
}

/** Every field a condition reads. */
export function conditionFields(c: Condition): string[] {
  if (c.kind === "compare") return [c.left, c.right].flatMap((o) => (o.kind === "field" ? [o.name] : []));
  if (c.kind === "not") return conditionFields(c.item);
  return [...new Set(c.items.flatMap(conditionFields))];
}

/** The canonical text: single spaces, parentheses only where needed. Equal conditions format equally. */
export function formatCondition(c: Condition, parent: "and" | "or" | "not" | null = null): string {
  if (c.kind === "compare") return `${operand(c.left)} ${c.op} ${operand(c.right)}`;
  if (c.kind === "not")
    return `not ${c.item.kind === "compare" || c.item.kind === "not" ? formatCondition(c.item, "not") : `(${formatCondition(c.item)})`}`;
  const text = c.items.map((item) => formatCondition(item, c.kind)).join(` ${c.kind} `);
  return parent === "and" && c.kind === "or" ? `(${text})` : text;
}

const operand = (o: Operand) => (o.kind === "field" ? o.name : String(o.value));

function compare(op: Comparator, a: number, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
  }
}

/** Kleene three-valued evaluation: null means unknown. */
export function evaluateCondition(c: Condition, snapshot: RuleSnapshot): boolean | null {
  switch (c.kind) {
    case "compare": {
      const value = (o: Operand) => (o.kind === "number" ? o.value : readField(snapshot, o.name));
      const [a, b] = [value(c.left), value(c.right)];
      return a === null || b === null ? null : compare(c.op, a, b);
    }
    case "not": {
      const inner = evaluateCondition(c.item, snapshot);
      return inner === null ? null : !inner;
    }
    case "and": {
      const values = c.items.map((item) => evaluateCondition(item, snapshot));
      return values.includes(false) ? false : values.includes(null) ? null : true;
    }
    case "or": {
      const values = c.items.map((item) => evaluateCondition(item, snapshot));
      return values.includes(true) ? true : values.includes(null) ? null : false;
    }
  }
}

/** True only when the condition is known to hold. */
export function matches(c: Condition, snapshot: RuleSnapshot): boolean {
  return evaluateCondition(c, snapshot) === true;
}
