/**
 * bench:replay — one simulated 20-symbol day through the replay driver (simulator on a stepped
 * clock → WebSocket → frame decoder → indicators → triggers → batched SQLite tick writer → the
 * live schedule), first without the graphs, then with the trading graph and the offline policy.
 * Gates: without the graph ≥ 2,000× real time; with it ≥ 200× real time (a 6.5-hour session).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runReplay } from "../runtime/replay.js";
import type { BenchResult } from "./index.js";

const DAY = "20261123";

async function replayOnce(withGraph: boolean, seed: number) {
  const dataDir = mkdtempSync(join(tmpdir(), "kis-agent-replay-"));
  try {
    return await runReplay({ days: 1, seed, dataDir, startDate: DAY, withGraph, env: { LLM_PROVIDER: "offline", LOG_LEVEL: "silent" } });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const seedAt = args.indexOf("--seed");
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 42;
  const market = await replayOnce(false, seed);
  const full = await replayOnce(true, seed);
  return {
    name: "replay",
    pass: market.timesRealTime >= 2_000 && full.timesRealTime >= 200 && market.ticks.recorded > 0 && full.runs.trading > 0,
    seed,
    day: DAY,
    withoutGraph: {
      timesRealTime: market.timesRealTime,
      wallSeconds: market.wallSeconds,
      ticksRecorded: market.ticks.recorded,
      triggers: market.ticks.triggers,
    },
    withGraph: {
      timesRealTime: full.timesRealTime,
      wallSeconds: full.wallSeconds,
      tradingRuns: full.runs.trading,
      trades: full.trades.length,
      jobs: full.runs.jobs,
    },
    gates: { withoutGraph: ">= 2000x real time", withGraph: ">= 200x real time" },
  };
}
