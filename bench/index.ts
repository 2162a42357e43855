/**
 * `npm run bench [-- <name> ...]`: runs benchmarks, prints one JSON line per benchmark and exits
 * non-zero when any gate is missed. Each bench module exports `run(args)` returning its figures.
 */
import { cpus } from "node:os";

export interface BenchResult {
  name: string;
  pass: boolean;
  [figure: string]: unknown;
}

type BenchModule = { run(args: string[]): Promise<BenchResult> };

const BENCHES: Record<string, () => Promise<BenchModule>> = {
  sim: () => import("./sim.js"),
  graph: () => import("./graph.js"),
  "llm-budget": () => import("./llm-budget.js"),
  replay: () => import("./replay.js"),
  backtest: () => import("./backtest.js"),
  parse: () => import("./parse.js"),
  indicators: () => import("./indicators.js"),
  sqlite: () => import("./sqlite.js"),
  db: () => import("./db.js"),
  "ws-ingest": () => import("./ws-ingest.js"),
  queue: () => import("./queue.js"),
};

async function main(): Promise<number> {
  const [first, ...rest] = process.argv.slice(2);
  const names = first && !first.startsWith("-") ? [first] : Object.keys(BENCHES);
  const args = first && !first.startsWith("-") ? rest : process.argv.slice(2);
  let failed = 0;
  for (const name of names) {
    const load = BENCHES[name];
    if (!load) {
      console.error(`unknown benchmark '${name}'; known: ${Object.keys(BENCHES).join(", ")}`);
      return 2;
    }
    const result = await (await load()).run(args);
    const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length };
    console.log(JSON.stringify({ ...result, machine }));
    if (!result.pass) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
