/**
 * The database as the repositories see it: the synchronous subset of better-sqlite3 they use
 * (prepare → run/get/all, exec, transactions, close), implemented over SQLite (db/sqlite-db.ts) and
 * over PostgreSQL through a blocking bridge to a worker thread (db/postgres/postgres-db.ts). Repository
 * SQL is written once for both: `?` or `@name` parameters, `RETURNING id`, `ON CONFLICT`, no
 * dialect-only functions.
 */
export type BindParams = unknown[] | object;
type Args<P> = P extends unknown[] ? P : [P];

export interface RunResult {
  changes: number;
}

export interface Statement<P extends BindParams = unknown[], R = unknown> {
  run(...params: Args<P>): RunResult;
  get(...params: Args<P>): R | undefined;
  all(...params: Args<P>): R[];
}

export type Dialect = "sqlite" | "postgres";

export interface Db {
  readonly dialect: Dialect;
  /** false once closed */
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare<P extends BindParams = unknown[], R = unknown>(sql: string): Statement<P, R>;
  /** one or more statements without parameters (migrations, DDL) */
  exec(sql: string): void;
  /** a transaction that only takes the write lock when it first writes; nested calls are savepoints */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** a transaction that takes the write lock up front (see db/database.ts writeTransaction) */
  writeTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** a write transaction whose commit is on disk before it returns (see db/durable.ts) */
  durableTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
}
