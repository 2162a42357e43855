/**
 * The runtime behind langgraph.json (the LangGraph dev server / Studio): one sim-mode runtime per
 * server process, built on first use from the environment, and graphs compiled over it without a
 * checkpointer — the server injects its own. It lives as long as the server process.
 */
import { loadConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { buildReflectionGraph } from "../graphs/reflection.js";
import { buildTradingGraph } from "../graphs/trading.js";
import { createRuntime, type Runtime } from "./create-runtime.js";
import { createReflectionGraphDeps } from "./reflection.js";
import { createTradingGraphDeps } from "./trading.js";

let runtime: Promise<Runtime> | undefined;

async function open(): Promise<Runtime> {
  const config = loadConfig();
  // Studio lets anyone with the page start runs: never against a real or paper account.
  if (config.kisEnv !== "sim") throw new AppError("CONFIG_INVALID", `Studio runs the graphs in sim mode only; KIS_ENV is '${config.kisEnv}'`);
  return createRuntime({ config });
}

export function studioRuntime(): Promise<Runtime> {
  runtime ??= open().catch((err: unknown) => {
    runtime = undefined; // let the next request try again (e.g. after fixing the environment)
    throw err;
  });
  return runtime;
}

export async function studioTradingGraph() {
  return buildTradingGraph(createTradingGraphDeps(await studioRuntime(), undefined, { leaseAtExecute: true })).compile();
}

export async function studioReflectionGraph() {
  return buildReflectionGraph(createReflectionGraphDeps(await studioRuntime())).compile();
}
