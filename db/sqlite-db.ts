/**
 * `Db` over better-sqlite3: statements and transactions pass straight through. `raw` is the
 * better-sqlite3 handle for what only SQLite has (PRAGMAs, the migration runner, the tick writer).
 */
import type Database from "better-sqlite3";
import type { BindParams, Db, Statement } from "./db.js";

export class SqliteDb implements Db {
  readonly dialect = "sqlite";

  constructor(readonly raw: Database.Database) {}

  get open(): boolean {
    return this.raw.open;
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  prepare<P extends BindParams = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return this.raw.prepare(sql) as unknown as Statement<P, R>;
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return this.raw.transaction(fn);
  }

  /**
   * Takes the write lock up front (BEGIN IMMEDIATE). With a second writer on the file — the tick
   * writer's thread, another kis-agent process — a deferred transaction that read first cannot
   * upgrade and fails with SQLITE_BUSY at once; an immediate one waits its turn (busy_timeout).
   */
  writeTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    const tx = this.raw.transaction(fn);
    return (...args: A) => tx.immediate(...args);
  }

  /**
   * The database runs synchronous=NORMAL for tick throughput, where a WAL commit reaches the disk
   * only at the next checkpoint; these transactions commit with synchronous=FULL, which fsyncs the
   * WAL on commit (cost measured in bench/sqlite.ts).
   */
  durableTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    const tx = this.writeTransaction(fn);
    return (...args: A) => {
      // Inside an outer transaction this is a savepoint: the outer commit decides durability.
      if (this.raw.inTransaction) return tx(...args);
      const previous = this.raw.pragma("synchronous", { simple: true }) as number;
      this.raw.pragma("synchronous = FULL");
      try {
        return tx(...args);
      } finally {
        this.raw.pragma(`synchronous = ${previous}`);
      }
    };
  }

  close(): void {
    this.raw.close();
  }
}
