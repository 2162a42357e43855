/**
 * The tick writer's thread: owns its own connection to the database file and writes the batches
 * the main thread packs (market/tick-writer-thread.ts), so SQLite work runs on the second core.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/database.js";
import { TICK_COLUMN_COUNT, type TickRow } from "./indicators/columns.js";
import { TickWriter } from "./tick-writer.js";
import type { ThreadMessage, TickBatch, WriterMessage } from "./tick-writer-thread.js";

const { file } = workerData as { file: string };
const db = openDatabase(file);
const writer = new TickWriter(db, { batchRows: Number.MAX_SAFE_INTEGER, flushIntervalMs: 60_000 });

function unpack(batch: TickBatch): TickRow[] {
  const numbers = new Float64Array(batch.numbers);
  const rows: TickRow[] = new Array<TickRow>(batch.rows);
  for (let r = 0; r < batch.rows; r++) {
    const row: TickRow = new Array<number | string | null>(TICK_COLUMN_COUNT);
    const base = r * TICK_COLUMN_COUNT;
    for (let c = 0; c < TICK_COLUMN_COUNT; c++) {
      const v = numbers[base + c] as number;
      row[c] = Number.isNaN(v) ? null : v;
    }
    row[batch.textColumn] = batch.texts[r] ?? null;
    rows[r] = row;
  }
  return rows;
}

parentPort?.on("message", (message: WriterMessage) => {
  if (message.kind === "batch") {
    for (const row of unpack(message.batch)) writer.write(row);
    writer.flush();
    return;
  }
  writer.close();
  db.close();
  parentPort?.postMessage({ kind: "closed", written: writer.written } satisfies ThreadMessage);
});
