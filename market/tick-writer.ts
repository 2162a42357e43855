/**
 * Batched writer of tick rows into the `ticks` table (db/migrations/0002-ticks.sql): rows are
 * buffered and written in one transaction per `batchRows` rows or per `flushIntervalMs`, with
 * statements prepared once and positional binding (multi-row VALUES for full chunks).
 */
import type { Statement } from "better-sqlite3";
import type { SqliteDb } from "../db/database.js";
import { TICK_COLUMNS, TICK_COLUMN_COUNT, type TickRow } from "./indicators/columns.js";

export interface TickWriterOptions {
  /** @defaultValue 1_000 */
  batchRows?: number;
  /** @defaultValue 100 */
  flushIntervalMs?: number;
}

/** Rows per INSERT statement: 20 × 44 = 880 parameters, well under SQLite's limit. */
const ROWS_PER_STATEMENT = 20;

function insertSql(rows: number): string {
  const one = `(${new Array<string>(TICK_COLUMN_COUNT).fill("?").join(",")})`;
  return `INSERT INTO ticks (${TICK_COLUMNS.map((c) => c.sql).join(",")}) VALUES ${new Array<string>(rows).fill(one).join(",")}`;
}

export class TickWriter {
  private readonly insertOne: Statement;
  private readonly insertChunk: Statement;
  private readonly writeAll: (rows: TickRow[]) => void;
  private readonly chunk = new Array<number | string | null>(ROWS_PER_STATEMENT * TICK_COLUMN_COUNT);
  private buffer: TickRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly batchRows: number;
  private readonly flushIntervalMs: number;
  written = 0;

  /** Ticks stay in the machine's SQLite file whatever backend holds the ledger (README "PostgreSQL"). */
  constructor(db: SqliteDb, options: TickWriterOptions = {}) {
    this.batchRows = options.batchRows ?? 1_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.insertOne = db.raw.prepare(insertSql(1));
    this.insertChunk = db.raw.prepare(insertSql(ROWS_PER_STATEMENT));
    this.writeAll = db.writeTransaction((rows: TickRow[]) => this.insertRows(rows));
  }

  write(row: TickRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= this.batchRows) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
  }

  /** Writes every buffered row in one transaction; returns how many. */
  flush(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.buffer;
    if (rows.length === 0) return 0;
    this.buffer = [];
    this.writeAll(rows);
    this.written += rows.length;
    return rows.length;
  }

  close(): void {
    this.flush();
  }

  private insertRows(rows: TickRow[]): void {
    const chunk = this.chunk;
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
      let k = 0;
      for (let r = i; r < i + ROWS_PER_STATEMENT; r++) {
        const row = rows[r] ?? [];
        for (let c = 0; c < TICK_COLUMN_COUNT; c++) chunk[k++] = row[c] ?? null;
      }
      this.insertChunk.run(chunk);
    }
    for (; i < rows.length; i++) this.insertOne.run(rows[i] ?? []);
  }
}
