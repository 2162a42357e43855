/**
 * A TickSink that packs rows into transferable Float64Array batches (text column aside) and hands
 * them to a worker thread that writes them (market/tick-writer-worker.ts). The live path only
 * copies numbers; SQLite's inserts, index updates and WAL writes run on the other core.
 */
import { Worker } from "node:worker_threads";
import { AppError, errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { COL, TICK_COLUMN_COUNT, type TickRow } from "./indicators/columns.js";

export interface TickBatch {
  rows: number;
  /** rows × TICK_COLUMN_COUNT values; NaN stands for NULL */
  numbers: ArrayBuffer;
  /** the one text column's index and its values per row */
  textColumn: number;
  texts: string[];
}

export type WriterMessage = { kind: "batch"; batch: TickBatch } | { kind: "close" };
export type ThreadMessage = { kind: "closed"; written: number } | { kind: "failed"; error: string };

export interface ThreadedTickWriterOptions {
  /** @defaultValue 2_000 */
  batchRows?: number;
  /** @defaultValue 200 */
  flushIntervalMs?: number;
  log?: Logger;
}

const WORKER_URL = new URL("./tick-writer-worker.boot.mjs", import.meta.url);

export class ThreadedTickWriter {
  private readonly worker: Worker;
  private readonly batchRows: number;
  private readonly flushIntervalMs: number;
  private numbers: Float64Array;
  private texts: string[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<number> | undefined;
  /** set when the thread has died: later rows are dropped and close() returns at once */
  private failure: Error | undefined;
  /** rows handed to the writer thread */
  sent = 0;

  constructor(file: string, options: ThreadedTickWriterOptions = {}) {
    this.batchRows = options.batchRows ?? 2_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.numbers = new Float64Array(this.batchRows * TICK_COLUMN_COUNT);
    this.worker = new Worker(WORKER_URL, { workerData: { file } });
    const fail = (err: unknown) => {
      this.failure ??= err instanceof Error ? err : new Error(errorMessage(err));
      options.log?.error("tick writer thread failed; ticks are no longer recorded", { error: errorMessage(err) });
    };
    this.worker.on("error", fail);
    this.worker.on("message", (m: ThreadMessage) => {
      if (m.kind === "failed") fail(m.error);
    });
  }

  write(row: TickRow): void {
    if (this.closing) throw new AppError("DATA_INVALID", "Tick writer is closed");
    const base = this.count * TICK_COLUMN_COUNT;
    for (let c = 0; c < TICK_COLUMN_COUNT; c++) {
      const v = row[c];
      this.numbers[base + c] = typeof v === "number" ? v : NaN;
    }
    this.texts.push(String(row[COL.stock_code] ?? ""));
    if (++this.count >= this.batchRows) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
  }

  /** Hands the buffered rows to the writer thread; returns how many. */
  flush(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.count;
    if (rows === 0) return 0;
    if (this.failure) {
      this.texts = [];
      this.count = 0;
      return 0;
    }
    const numbers = new ArrayBuffer(rows * TICK_COLUMN_COUNT * Float64Array.BYTES_PER_ELEMENT);
    new Float64Array(numbers).set(this.numbers.subarray(0, rows * TICK_COLUMN_COUNT));
    const batch: TickBatch = { rows, numbers, textColumn: COL.stock_code, texts: this.texts };
    this.worker.postMessage({ kind: "batch", batch } satisfies WriterMessage, [numbers]);
    this.texts = [];
    this.count = 0;
    this.sent += rows;
    return rows;
  }

  /** Flushes, waits until the thread has written everything, and ends it; resolves to rows written. */
  close(): Promise<number> {
    this.closing ??= new Promise<number>((resolve) => {
      this.flush();
      if (this.failure) return resolve(0);
      this.worker.on("message", (m: ThreadMessage) => resolve(m.kind === "closed" ? m.written : 0));
      this.worker.once("exit", () => resolve(0));
      this.worker.postMessage({ kind: "close" } satisfies WriterMessage);
    }).finally(() => void this.worker.terminate());
    return this.closing;
  }
}
