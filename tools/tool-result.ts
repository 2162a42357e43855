/**
 * How read tools answer: compact JSON with units in the keys; lists as a column table. Expected
 * failures become tool errors whose message starts with the AppError code, so the model can adjust.
 */
import { AppError, isAppError } from "../core/errors.js";

export interface Table {
  columns: string[];
  rows: unknown[][];
}

/** Rows of `items` keeping only `columns`, in that order: a list costs its keys once. */
export function table<T extends object, K extends keyof T & string>(items: readonly T[], columns: readonly K[]): Table {
  return { columns: [...columns], rows: items.map((item) => columns.map((column) => item[column] ?? null)) };
}

export async function answer(produce: () => Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify(await produce());
  } catch (err) {
    if (!isAppError(err)) throw err;
    throw new AppError(err.code, `${err.code}: ${err.message}`, {
      retryable: err.retryable,
      cause: err,
      ...(err.venueCode !== undefined ? { venueCode: err.venueCode } : {}),
    });
  }
}
