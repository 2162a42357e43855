/**
 * bench:ws-ingest — the full production receive path (KisFeed: ws → text → frame decode → typed
 * trade event) against raw `ws` receive, over loopback from a child-process server writing
 * pre-framed 1-record H0STCNT0 frames. Interleaved windows. Gate: production ≥ 0.3× raw.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import type { BenchResult } from "./index.js";
import { KisFeed } from "../broker/kis/feed.js";
import { systemClock } from "../core/clock.js";
import { silentLogger } from "../core/logger.js";
import { startFloodServer, type FloodServer } from "./naive/flood-server.js";
import { symbolCodes, tradeFrames } from "../sim/wire/frame-generator.js";
import { runsArg, summarize } from "./naive/stats.js";

const SEED = 20_260_105;
const WINDOW_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rawWindow(server: FloodServer): Promise<number> {
  let count = 0;
  const socket = new WebSocket(server.url, { perMessageDeflate: false });
  socket.on("message", () => count++);
  await new Promise((resolve) => socket.once("open", resolve));
  const start = count;
  await sleep(WINDOW_MS);
  const received = count - start;
  socket.terminate();
  return received / (WINDOW_MS / 1000);
}

async function feedWindow(server: FloodServer): Promise<number> {
  let count = 0;
  const feed = new KisFeed({ wsUrl: server.url, getApprovalKey: async () => "bench", clock: systemClock, logger: silentLogger });
  feed.on("trade", () => count++);
  await feed.start();
  const start = count;
  await sleep(WINDOW_MS);
  const received = count - start;
  await feed.close();
  return received / (WINDOW_MS / 1000);
}

export async function run(args: string[]): Promise<BenchResult> {
  const runs = runsArg(args, 5);
  const dir = mkdtempSync(join(tmpdir(), "bench-ws-"));
  const frames = tradeFrames(SEED, 2_000, symbolCodes(40), 1);
  const server = await startFloodServer(frames, join(dir, "frames.txt"));
  const raw: number[] = [];
  const production: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      raw.push(await rawWindow(server));
      production.push(await feedWindow(server));
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const ratio = summarize(production.map((p, i) => p / (raw[i] ?? 1)));
  const productionSummary = summarize(production, 0);
  const pass = ratio.median >= 0.3;
  return {
    name: "ws-ingest",
    pass,
    seed: SEED,
    runs,
    windowMs: WINDOW_MS,
    frameBytes: Math.round(frames.reduce((n, f) => n + f.length, 0) / frames.length),
    gates: { ratio: ">= 0.3" },
    rawMsgsPerSec: summarize(raw, 0),
    productionMsgsPerSec: productionSummary,
    ratio,
  };
}
