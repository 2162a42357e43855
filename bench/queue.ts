/**
 * bench:queue — BullMQ on a private redis-server (a free loopback port, temp dir; skipped with a
 * notice when redis-server is not installed), trivial processor. (a) 5,000 jobs added and processed
 * at concurrency 1 and 16, interleaved; (b) 500 jobs paced at 250/s, add→start latency.
 * Gates: throughput c16/c1 ≥ 2×; p99 add→start ≤ 5 ms at both concurrencies.
 */
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { errorMessage, isAppError } from "../core/errors.js";
import { silentLogger } from "../core/logger.js";
import { connectRedis } from "../runtime/redis.js";
import type { BenchResult } from "./index.js";
import { runsArg, summarize } from "./naive/stats.js";
import { freePort } from "../testkit/free-port.js";

const THROUGHPUT_JOBS = 5_000;
const IN_FLIGHT = 500;
const LATENCY_JOBS = 500;
const LATENCY_RATE_PER_SEC = 250;
const WARMUP_JOBS = 20;
const REMOVE = { removeOnComplete: true, removeOnFail: true };

interface Bench {
  connection: ConnectionOptions;
  prefix: string;
  seq: number;
}

/** A fresh queue and worker running `processor`; closed and obliterated by the returned function. */
async function pair(b: Bench, concurrency: number, processor: (data: { addedAt: number }) => void) {
  const name = `bench-${b.seq++}`;
  const queue = new Queue<{ addedAt: number }>(name, { connection: b.connection, prefix: b.prefix });
  const worker = new Worker<{ addedAt: number }>(name, async (job) => processor(job.data), {
    connection: b.connection,
    prefix: b.prefix,
    concurrency,
  });
  await worker.waitUntilReady();
  const close = async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  };
  return { queue, worker, close };
}

async function throughput(b: Bench, concurrency: number): Promise<number> {
  let done = 0;
  let finish = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  const { queue, close } = await pair(b, concurrency, () => {
    if (++done === THROUGHPUT_JOBS) finish();
  });
  const start = performance.now();
  for (let i = 0; i < THROUGHPUT_JOBS; i += IN_FLIGHT) {
    await Promise.all(Array.from({ length: IN_FLIGHT }, () => queue.add("t", { addedAt: 0 }, REMOVE)));
  }
  await finished;
  const jobsPerSec = THROUGHPUT_JOBS / ((performance.now() - start) / 1_000);
  await close();
  return jobsPerSec;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function latency(b: Bench, concurrency: number): Promise<{ p50: number; p99: number }> {
  const waits: number[] = [];
  const { queue, close } = await pair(b, concurrency, (data) => void waits.push(performance.now() - data.addedAt));
  const gapMs = 1_000 / LATENCY_RATE_PER_SEC;
  const start = performance.now();
  for (let i = 0; i < LATENCY_JOBS; i++) {
    await queue.add("t", { addedAt: performance.now() }, REMOVE);
    const due = start + (i + 1) * gapMs - performance.now();
    if (due > 0) await new Promise((r) => setTimeout(r, due));
  }
  while (waits.length < LATENCY_JOBS) await new Promise((r) => setTimeout(r, 10));
  await close();
  const sorted = waits.slice(WARMUP_JOBS).sort((x, y) => x - y);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

async function measure(b: Bench, runs: number) {
  const c1: number[] = [];
  const c16: number[] = [];
  const ratios: number[] = [];
  const p50 = { c1: [] as number[], c16: [] as number[] };
  const p99 = { c1: [] as number[], c16: [] as number[] };
  for (let r = 0; r < runs; r++) {
    const one = await throughput(b, 1);
    const sixteen = await throughput(b, 16);
    c1.push(one);
    c16.push(sixteen);
    ratios.push(sixteen / one);
    for (const [key, concurrency] of [
      ["c1", 1],
      ["c16", 16],
    ] as const) {
      const l = await latency(b, concurrency);
      p50[key].push(l.p50);
      p99[key].push(l.p99);
    }
  }
  return { c1, c16, ratios, p50, p99 };
}

export async function run(args: string[]): Promise<BenchResult> {
  const runs = runsArg(args, 5);
  const dataDir = mkdtempSync(join(tmpdir(), "bench-queue-"));
  try {
    let redis;
    try {
      redis = await connectRedis({ redisUrl: `redis://127.0.0.1:${await freePort()}`, dataDir, log: silentLogger });
    } catch (err) {
      if (!isAppError(err) || err.code !== "CONFIG_INVALID") throw err;
      console.error(`bench:queue SKIPPED — ${errorMessage(err)}`);
      return { name: "queue", pass: true, skipped: "redis-server not available" };
    }
    try {
      const m = await measure({ connection: redis.connection, prefix: "bench", seq: 0 }, runs);
      const ratio = summarize(m.ratios);
      const p99c1 = summarize(m.p99.c1, 3);
      const p99c16 = summarize(m.p99.c16, 3);
      return {
        name: "queue",
        runs,
        jobs: THROUGHPUT_JOBS,
        jobsPerSecC1: summarize(m.c1, 0),
        jobsPerSecC16: summarize(m.c16, 0),
        ratioC16C1: ratio,
        addToStartMs: { p50C1: summarize(m.p50.c1, 3), p99C1: p99c1, p50C16: summarize(m.p50.c16, 3), p99C16: p99c16 },
        gates: { ratioC16C1: "≥ 2", p99AddToStartMs: "≤ 5" },
        pass: ratio.median >= 2 && p99c1.median <= 5 && p99c16.median <= 5,
      };
    } finally {
      await redis.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
