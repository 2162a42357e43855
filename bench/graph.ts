/**
 * bench:graph — the trading graph with a stub planner (one market order per run, alternating buy
 * and sell) against the in-process simulator, compiled with the SqliteSaver checkpointer and
 * without one, interleaved. Gates: time per run with the checkpointer ≤ 1.5× without, and the
 * checkpoints' bytes per run (every checkpoint, its metadata and the pending writes, as stored)
 * ≤ 16 KiB — the state names its large inputs by reference (run_context). Also prints the
 * checkpoint file's size per run, which adds SQLite's keys, indexes and page slack.
 */
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildTradingGraph } from "../graphs/trading.js";
import type { Planner } from "../llm/planner.js";
import { createTradingGraphDeps, runTrading } from "../runtime/trading.js";
import type { BenchResult } from "./index.js";
import { runsArg, summarize } from "./naive/stats.js";
import { benchRuntime } from "./trading-fixture.js";

const RUNS_PER_BATCH = 8;
const MAX_CHECKPOINT_BYTES_PER_RUN = 16 * 1024;

/** What the saver stored, in bytes: checkpoints with their metadata, and pending writes. */
function storedBytes(saver: SqliteSaver): number {
  const sum = (sql: string) => (saver.db.prepare(sql).get() as { bytes: number | null }).bytes ?? 0;
  return (
    sum("SELECT SUM(LENGTH(checkpoint) + LENGTH(metadata)) AS bytes FROM checkpoints") +
    sum("SELECT SUM(LENGTH(value)) AS bytes FROM writes")
  );
}

function alternatingPlanner(): Planner {
  let n = 0;
  return {
    provider: "openai",
    model: "stub",
    async plan() {
      const side = n++ % 2 === 0 ? "buy" : "sell";
      const action = { side, symbol: "005930", quantity: 1, limitPriceKrw: null, reason: "bench", invalidationPriceKrw: null } as const;
      return { ok: true, decision: { actions: [action], justification: "bench", riskAssessment: "bench" }, calls: [] };
    },
  };
}

export async function run(args: string[]): Promise<BenchResult> {
  const batches = runsArg(args, 5);
  const { rt, dataDir, close } = await benchRuntime();
  try {
    rt.planner = alternatingPlanner();
    const builder = buildTradingGraph(createTradingGraphDeps(rt));
    const file = join(dataDir, "bench-checkpoints.sqlite");
    const saver = SqliteSaver.fromConnString(file);
    const withSaver = builder.compile({ checkpointer: saver });
    const without = builder.compile();
    const time = async (graph: typeof without, tag: string, batch: number) => {
      const start = performance.now();
      for (let i = 0; i < RUNS_PER_BATCH; i++) await runTrading(rt, { graph, runId: `${tag}-${batch}-${i}` });
      return (performance.now() - start) / RUNS_PER_BATCH;
    };
    await time(withSaver, "warm-a", 0);
    await time(without, "warm-b", 0);
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let batch = 1; batch <= batches; batch++) {
      const msWith = await time(withSaver, "with", batch);
      const msWithout = await time(without, "without", batch);
      a.push(msWith);
      b.push(msWithout);
      ratios.push(msWith / msWithout);
    }
    saver.db.pragma("wal_checkpoint(TRUNCATE)");
    const checkpointedRuns = (batches + 1) * RUNS_PER_BATCH;
    const ratio = summarize(ratios);
    const orders = rt.repos.intents.countSentSince(0);
    const checkpointBytesPerRun = Math.round(storedBytes(saver) / checkpointedRuns);
    return {
      name: "graph",
      pass: ratio.median <= 1.5 && orders > 0 && checkpointBytesPerRun <= MAX_CHECKPOINT_BYTES_PER_RUN,
      msPerRunWithCheckpointer: summarize(a),
      msPerRunWithout: summarize(b),
      ratio,
      gate: `ratio.median <= 1.5 && checkpointBytesPerRun <= ${MAX_CHECKPOINT_BYTES_PER_RUN}`,
      checkpointBytesPerRun,
      checkpointFileBytesPerRun: Math.round(statSync(file).size / checkpointedRuns),
      ordersSent: orders,
      runsPerBatch: RUNS_PER_BATCH,
      batches,
    };
  } finally {
    await close();
  }
}
