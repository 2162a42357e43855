/**
 * Writes that must survive a power cut before the process acts on them — an order intent before its
 * request leaves, SENT before the send, a fill. The database runs synchronous=NORMAL for tick
 * throughput, where a WAL commit reaches the disk only at the next checkpoint; these transactions
 * commit with synchronous=FULL, which fsyncs the WAL on commit (cost measured in bench/sqlite.ts).
 */
import { writeTransaction, type Db } from "./database.js";

export function durableTransaction<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = writeTransaction(db, fn);
  return (...args: A) => {
    // Inside an outer transaction this is a savepoint: the outer commit decides durability.
    if (db.inTransaction) return tx(...args);
    const previous = db.pragma("synchronous", { simple: true }) as number;
    db.pragma("synchronous = FULL");
    try {
      return tx(...args);
    } finally {
      db.pragma(`synchronous = ${previous}`);
    }
  };
}
