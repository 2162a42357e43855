/**
 * DATA_DIR holds the ledger, checkpoints and the token cache: readable by its owner only. Directories
 * are created 0700 and files made 0600 before anything is written to them (SQLite gives its WAL and
 * shared-memory files the mode of the database file).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates `file` empty and 0600 when missing, or narrows an existing one to 0600. */
export function ensurePrivateFile(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  else closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
}
