/**
 * langgraph.json's entry (the LangGraph dev server / Studio): one sim-mode agent per server process,
 * built from the environment on first use — importing this file opens nothing — with both graphs
 * compiled without a checkpointer (the server injects its own). A failed build is retried on the
 * next request; the agent lives as long as the server process.
 */
import { loadConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { createAgent, type Agent } from "./agent.js";
import { createRuntime } from "./create-runtime.js";

let agent: Promise<Agent> | undefined;

async function open(): Promise<Agent> {
  const config = loadConfig();
  // Studio lets anyone with the page start runs: never against a real or paper account.
  if (config.kisEnv !== "sim")
    throw new AppError("CONFIG_INVALID", `Studio runs the graphs in sim mode only; KIS_ENV is '${config.kisEnv}'`);
  return createAgent(await createRuntime({ config }), { studio: true });
}

function studioAgent(): Promise<Agent> {
  agent ??= open().catch((err: unknown) => {
    agent = undefined; // let the next request try again (e.g. after fixing the environment)
    throw err;
  });
  return agent;
}

/** The dev server calls these per request: the graphs of the one agent. */
export const trading = async () => (await studioAgent()).trading;
export const reflection = async () => (await studioAgent()).reflection;
