/** `kis-agent <command>`: a table of commands, each in its own module, loaded on demand. */
import { AppError, errorMessage, isAppError } from "../core/errors.js";

export interface Command {
  run(args: string[]): Promise<number>;
}

/** Every command with its one-line summary; modules load only when their command runs. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  demo: { summary: "replay simulated trading days at full speed and report", load: async () => (await import("./demo.js")).command },
  backtest: {
    summary: "the agent over a period (same graphs, jobs, schedule): returns, risk, trades, equity curve",
    load: async () => (await import("./backtest.js")).command,
  },
  run: {
    summary: "run one trading or reflection graph (run trading | run reflection)",
    load: async () => (await import("./run.js")).command,
  },
  start: {
    summary: "start the schedulers, workers and live feed (BullMQ on Redis)",
    load: async () => (await import("./start.js")).command,
  },
  status: {
    summary: "queues, next fire times, trading state, active prompt, recent runs",
    load: async () => (await import("./status.js")).command,
  },
  runs: { summary: "the run ledger; approve or reject a run waiting for approval", load: async () => (await import("./runs.js")).command },
  trades: { summary: "recorded trades with execution status and back-filled P&L", load: async () => (await import("./trades.js")).command },
  prompts: {
    summary: "decision prompt versions: log, show, diff, eval, approve, reject, rollback",
    load: async () => (await import("./prompts.js")).command,
  },
  halt: { summary: "stop all new orders until resume", load: async () => (await import("./halt.js")).halt },
  resume: { summary: "adopt the broker's holdings as reconciled and trade again", load: async () => (await import("./halt.js")).resume },
  watch: { summary: "live indicator table (or JSON lines) for some symbols", load: async () => (await import("./watch.js")).command },
  ticks: {
    summary: "export recorded ticks as the seed's CSV files (ticks export --date YYYYMMDD)",
    load: async () => (await import("./ticks.js")).command,
  },
  history: {
    summary: "fetch daily and minute history from KIS into DATA_DIR/history (history fetch)",
    load: async () => (await import("./history.js")).command,
  },
  console: {
    summary: "the web console: runs, approvals, prompt versions, trades, live; /healthz, /metrics",
    load: async () => (await import("./console.js")).command,
  },
  mcp: {
    summary: "serve the read tools to MCP clients (stdio, or --http on 127.0.0.1 with a token)",
    load: async () => (await import("./mcp.js")).command,
  },
  db: {
    summary: "the ledger's schema and backend: db migrate, db copy --to postgres://… (from the SQLite ledger)",
    load: async () => (await import("./db.js")).command,
  },
  sim: { summary: "run the KIS-compatible simulator standalone", load: async () => (await import("./sim.js")).command },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return [
    "usage: kis-agent [--data-dir DIR] [--account ID] <command> [options]",
    "",
    "commands:",
    ...rows,
    "",
    "global options:",
    "  --data-dir DIR  the data directory (DATA_DIR), e.g. a demo's: kis-agent --data-dir data/demo prompts log",
    "  --account ID    the account of ACCOUNTS_FILE to work on (ACCOUNT_ID); `start` and `status` take several",
    "",
    "Run `kis-agent <command> --help` for a command's options.",
  ].join("\n");
}

/** The environment variable each global option sets. */
const GLOBAL_OPTIONS: Record<string, { env: "DATA_DIR" | "ACCOUNT_ID"; expected: string; repeats: boolean }> = {
  "--data-dir": { env: "DATA_DIR", expected: "a directory", repeats: false },
  "--account": { env: "ACCOUNT_ID", expected: "an account id of ACCOUNTS_FILE", repeats: true },
};

/**
 * Strips the global options in front of the command. `--data-dir` becomes DATA_DIR and `--account`
 * ACCOUNT_ID (repeatable, comma-separated), which every command's configuration (and a worker it
 * spawns) reads, so no command needs to know about them.
 */
function globalOptions(argv: string[]): string[] {
  const rest = [...argv];
  const given = new Set<string>();
  for (let name = rest[0]?.split("=")[0]; name !== undefined && name in GLOBAL_OPTIONS; name = rest[0]?.split("=")[0]) {
    const option = rest.shift() as string;
    const spec = GLOBAL_OPTIONS[name] as (typeof GLOBAL_OPTIONS)[string];
    const value = option.includes("=") ? option.slice(option.indexOf("=") + 1) : rest.shift();
    if (!value) throw new AppError("DATA_INVALID", `${name}: expected ${spec.expected}`);
    process.env[spec.env] = spec.repeats && given.has(name) ? `${process.env[spec.env]},${value}` : value;
    given.add(name);
  }
  return rest;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = globalOptions(argv);
  if (!name || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`kis-agent: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return (await entry.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`kis-agent: ${isAppError(err) ? `${err.code}: ` : ""}${errorMessage(err)}`);
    process.exitCode = 1;
  },
);
