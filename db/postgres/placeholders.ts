/**
 * Repository SQL uses better-sqlite3's parameters — `?` in order, or `@name` bound from one object —
 * and PostgreSQL numbers them ($1, $2…). The text is translated once per statement; quoted strings,
 * quoted identifiers and comments are left alone.
 */
import { AppError } from "../../core/errors.js";

export interface Translated {
  text: string;
  /** names in $n order when the statement uses @name; undefined for `?` */
  names?: string[];
  /** how many `?` the statement has */
  positional: number;
}

const TOKEN = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\?|@([A-Za-z_]\w*)/g;

export function translatePlaceholders(sql: string): Translated {
  const names: string[] = [];
  let positional = 0;
  const text = sql.replace(TOKEN, (token, name: string | undefined) => {
    if (token === "?") return `$${++positional}`;
    if (name === undefined) return token;
    const at = names.indexOf(name);
    return `$${at >= 0 ? at + 1 : names.push(name)}`;
  });
  if (positional > 0 && names.length > 0) throw new AppError("DB_ERROR", `A statement mixes ? and @name parameters: ${sql}`);
  return names.length > 0 ? { text, names, positional } : { text, positional };
}

/** The values in $n order from better-sqlite3-style arguments. */
export function bindValues(t: Translated, args: unknown[]): unknown[] {
  if (!t.names) return args.map(toPg);
  const bag = (args[0] ?? {}) as Record<string, unknown>;
  return t.names.map((name) => {
    if (!(name in bag)) throw new AppError("DB_ERROR", `Missing named parameter @${name}`);
    return toPg(bag[name]);
  });
}

function toPg(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  return value;
}
