/**
 * Writes that must survive a power cut before the process acts on them — an order intent before its
 * request leaves, SENT before the send, a fill. SQLite fsyncs the WAL on these commits (synchronous=
 * FULL); PostgreSQL's commits are durable already (synchronous_commit=on).
 */
import type { Db } from "./db.js";

export function durableTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  return db.durableTransaction(fn);
}
