/**
 * `Db` over PostgreSQL, synchronous like better-sqlite3 so the repositories stay as they are: a
 * worker thread (pg-worker.mjs) owns one `pg` connection; each call posts a request and blocks this
 * thread in Atomics.wait until the worker has replied. One connection means one transaction at a
 * time, as with SQLite: BEGIN/COMMIT on it, nested transactions as savepoints. Every transaction
 * also takes a transaction-scoped advisory lock per schema, so transactions from several processes
 * take turns as SQLite's BEGIN IMMEDIATE makes them (read-then-write code stays race-free).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { AppError } from "../../core/errors.js";
import { maskUrl } from "../../core/mask-url.js";
import type { BindParams, Db, RunResult, Statement } from "../db.js";
import { bindValues, translatePlaceholders } from "./placeholders.js";
import { quoteIdent } from "./schema-name.js";

const WORKER_URL = new URL("./pg-worker.mjs", import.meta.url);
/** How long one statement may take before the bridge gives up on the worker. */
const ANSWER_TIMEOUT_MS = 120_000;
const CONNECT_TIMEOUT_MS = 15_000;

type Reply =
  { ok: true; rows?: Record<string, unknown>[]; changes?: number } | { ok: false; message: string; code?: string; connect?: boolean };

export interface PostgresTarget {
  url: string;
  /** the PostgreSQL schema holding the ledger (and the checkpoints); created when missing */
  schema: string;
}

export class PostgresDb implements Db {
  readonly dialect = "postgres";
  private readonly worker: Worker;
  private readonly port: MessageChannel["port1"];
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private depth = 0;
  private closed = false;

  constructor(readonly target: PostgresTarget) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(WORKER_URL, {
      workerData: { url: target.url, port: channel.port2, signal: this.flag.buffer },
      transferList: [channel.port2],
    });
    // The worker must not keep a finished process alive; close() ends it in order.
    this.worker.unref();
    try {
      this.request({ op: "connect" });
      const schema = quoteIdent(target.schema);
      // Several processes may create the schema at once; CREATE SCHEMA IF NOT EXISTS alone races.
      this.writeTransaction(() => this.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`))();
      this.exec(`SET search_path TO ${schema}`);
    } catch (err) {
      this.end();
      throw err;
    }
  }

  get open(): boolean {
    return !this.closed;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare<P extends BindParams = unknown[], R = unknown>(sql: string): Statement<P, R> {
    const translated = translatePlaceholders(sql);
    const query = (args: unknown[]) => this.request({ op: "query", sql: translated.text, params: bindValues(translated, args) });
    return {
      run: (...args): RunResult => ({ changes: query(args).changes ?? 0 }),
      get: (...args) => query(args).rows?.[0] as R | undefined,
      all: (...args) => (query(args).rows ?? []) as R[],
    };
  }

  exec(sql: string): void {
    this.request({ op: "exec", sql });
  }

  /** Like a write transaction: SQLite lets one writer in at a time whichever kind, and so does this. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return this.writeTransaction(fn);
  }

  writeTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => this.inTransactionDo(() => fn(...args));
  }

  /** PostgreSQL's commits are durable already (synchronous_commit=on). */
  durableTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return this.writeTransaction(fn);
  }

  close(): void {
    if (this.closed) return;
    try {
      this.request({ op: "close" });
    } finally {
      this.end();
    }
  }

  private end(): void {
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }

  private inTransactionDo<R>(body: () => R): R {
    const outer = this.depth === 0;
    const savepoint = `kis_sp_${this.depth}`;
    this.exec(outer ? "BEGIN" : `SAVEPOINT ${savepoint}`);
    this.depth++;
    let result: R;
    try {
      if (outer) this.prepare("SELECT pg_advisory_xact_lock(hashtext(?))").get(`kis-agent.write:${this.target.schema}`);
      result = body();
      if (result instanceof Promise) throw new AppError("DB_ERROR", "A transaction function must not be async");
    } catch (err) {
      this.depth--;
      this.undo(outer ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
      throw err;
    }
    this.depth--;
    this.exec(outer ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}`);
    return result;
  }

  private undo(sql: string): void {
    try {
      this.exec(sql);
    } catch {
      // The connection is gone: the server has rolled the transaction back itself.
    }
  }

  private request(message: { op: string; sql?: string; params?: unknown[] }): Extract<Reply, { ok: true }> {
    if (this.closed) throw new AppError("DB_ERROR", "The PostgreSQL connection is closed");
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(message);
    const timeoutMs = message.op === "connect" ? CONNECT_TIMEOUT_MS : ANSWER_TIMEOUT_MS;
    const where = maskUrl(this.target.url);
    if (Atomics.wait(this.flag, 0, 0, timeoutMs) === "timed-out")
      throw new AppError("DB_UNAVAILABLE", `No answer from PostgreSQL at ${where} within ${timeoutMs} ms`, { retryable: true });
    const reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    if (!reply) throw new AppError("DB_UNAVAILABLE", `The PostgreSQL bridge to ${where} ended without answering`);
    if (reply.ok) return reply;
    if (reply.connect || isConnectionLoss(reply.code))
      throw new AppError("DB_UNAVAILABLE", `Cannot reach PostgreSQL at ${where}: ${reply.message}`, { retryable: true });
    throw new AppError("DB_ERROR", `PostgreSQL: ${reply.message}${reply.code ? ` (SQLSTATE ${reply.code})` : ""}`);
  }
}

/** Client-side errors have no SQLSTATE; class 08 is a connection exception, 57P an operator shutdown. */
function isConnectionLoss(code: string | undefined): boolean {
  return code === undefined || /^(08|57P)/.test(code);
}
