/** Shared printing for report commands: one JSON document with --json, an aligned table otherwise. */
import { AppError, errorMessage } from "../core/errors.js";
import { parseArgs, type ParseArgsConfig } from "node:util";

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** Left-aligned columns, numbers right-aligned; `rows` are already strings or numbers. */
export function printTable(headers: string[], rows: Array<Array<string | number>>): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? "")].length)));
  for (const [n, row] of cells.entries()) {
    console.log(
      row
        .map((c, i) => (typeof rows[n - 1]?.[i] === "number" ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    );
  }
}

/** parseArgs with strict checking whose errors are typed DATA_INVALID. */
export function parseCommandArgs<T extends ParseArgsConfig["options"]>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError("DATA_INVALID", errorMessage(err));
  }
}
