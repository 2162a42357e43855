/** `kis-agent sim`: runs the KIS-compatible simulator standalone until SIGINT/SIGTERM. */
import { parseArgs } from "node:util";
import { formatKstIso, ManualClock, systemClock } from "../core/clock.js";
import { AppError, errorMessage } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import { resolveSimStart, startSimulator } from "../sim/index.js";
import { restRateLimits } from "../sim/server/rate-limiter.js";
import type { Command } from "./index.js";

const USAGE = `usage: kis-agent sim [--port <p>] [--seed <n>] [--speed <x> | --stepped] [--start <ISO time with offset>] [--rate-limit <n/s>] [--state <file>] [--json]

Runs a local exchange that speaks the KIS REST and WebSocket protocols, until Ctrl+C.

options:
  --port <p>          TCP port on 127.0.0.1 (0 = any free port)            default 0
  --seed <n>          seed of the simulated market                          default 1
  --speed <x>         simulated seconds per wall second                     default 1
  --stepped           the clock stands still until a driver moves it (POST /sim/clock), as
                      \`start --role scheduler --replay DAYS\` does across processes
  --start <time>      where the simulated clock starts, e.g. 2026-03-02T09:00:00+09:00
                      default: now, or 09:00 KST of the next trading day outside KRX hours
  --rate-limit <n>    REST requests per second per app key; 0 turns off every limit
                      (REST and the one-token-a-minute issuance), for benchmarks
                      default: KIS's own — 18/s real, 1/s paper app keys, a token a minute
  --state <file>      keep the accounts (cash, holdings, orders, fills) in this JSON file
                      across restarts; the clock never starts before its saved time
                      default: none (fresh accounts every start)
  --json              print one JSON document instead of text
  --help              show this help`;

export interface SimArgs {
  port: number;
  seed: number;
  speed: number;
  stepped: boolean;
  start?: string;
  /** absent → KIS's own limits */
  rateLimitPerSec?: number;
  stateFile?: string;
  json: boolean;
  help: boolean;
}

function numberOption(name: string, raw: string | undefined, fallback: number, valid: (n: number) => boolean, expected: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || !valid(n))
    throw new AppError("DATA_INVALID", `--${name}: expected ${expected}, received '${raw}'`);
  return n;
}

function stateFile(raw: string): string {
  if (raw.trim() === "") throw new AppError("DATA_INVALID", "--state: expected a file path, received ''");
  return raw;
}

/** Parses and checks the command line; throws DATA_INVALID with the offending option. */
export function parseSimArgs(args: string[]): SimArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        seed: { type: "string" },
        speed: { type: "string" },
        stepped: { type: "boolean", default: false },
        start: { type: "string" },
        "rate-limit": { type: "string" },
        state: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    throw new AppError("DATA_INVALID", errorMessage(err));
  }
  if (values.stepped && values.speed !== undefined) throw new AppError("DATA_INVALID", "--stepped and --speed exclude each other");
  return {
    stepped: values.stepped,
    port: numberOption("port", values.port, 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65_535, "an integer port 0–65535"),
    seed: numberOption("seed", values.seed, 1, Number.isInteger, "an integer"),
    speed: numberOption("speed", values.speed, 1, (n) => n > 0, "a positive number"),
    ...(values["rate-limit"] !== undefined
      ? { rateLimitPerSec: numberOption("rate-limit", values["rate-limit"], 0, (n) => n >= 0, "a number ≥ 0 (0 = off)") }
      : {}),
    ...(values.start !== undefined ? { start: values.start } : {}),
    ...(values.state !== undefined ? { stateFile: stateFile(values.state) } : {}),
    json: values.json,
    help: values.help,
  };
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function runSimulator(a: SimArgs): Promise<number> {
  const start = resolveSimStart(systemClock.now(), a.start);
  const limitsOff = a.rateLimitPerSec === 0;
  const sim = await startSimulator({
    port: a.port,
    seed: a.seed,
    speed: a.speed,
    start: start.startMs,
    ...(a.stepped ? { clock: new ManualClock(start.startMs) } : {}),
    log: createLogger("warn"),
    ...(a.rateLimitPerSec !== undefined ? { rateLimitPerSec: a.rateLimitPerSec } : {}),
    ...(limitsOff ? { tokenIssueIntervalMs: 0 } : {}),
    ...(a.stateFile !== undefined ? { stateFile: a.stateFile } : {}),
  });
  const limits = restRateLimits(a.rateLimitPerSec);
  const clockIso = formatKstIso(sim.clock.now());
  const note = [start.note, sim.note].filter((n) => n !== undefined).join("; ");
  if (a.json) {
    console.log(
      JSON.stringify({
        restUrl: sim.restUrl,
        wsUrl: sim.wsUrl,
        clock: clockIso,
        seed: a.seed,
        speed: a.speed,
        stepped: a.stepped,
        rateLimits: { ...limits, tokensPerMinute: limitsOff ? 0 : 1 },
        ...(a.stateFile !== undefined ? { stateFile: a.stateFile } : {}),
        ...(note ? { note } : {}),
      }),
    );
  } else {
    console.log(
      [
        "KIS simulator running",
        `  REST       ${sim.restUrl}`,
        `  WebSocket  ${sim.wsUrl}/tryitout`,
        `  clock      ${clockIso} (${a.stepped ? "stepped by POST /sim/clock" : `speed ${a.speed}x`}, seed ${a.seed})`,
        `  rate limit ${limitsOff ? "off" : `${limits.real}/s real, ${limits.paper}/s paper per app key; one new token a minute`}`,
        `  state      ${a.stateFile ?? "none (fresh accounts)"}`,
        ...(note ? [`  note       ${note}`] : []),
        "Press Ctrl+C to stop.",
      ].join("\n"),
    );
  }
  await waitForSignal();
  await sim.close();
  return 0;
}

export const command: Command = {
  async run(args: string[]): Promise<number> {
    let parsed: SimArgs;
    try {
      parsed = parseSimArgs(args);
      if (parsed.start !== undefined) resolveSimStart(0, parsed.start);
    } catch (err) {
      console.error(`kis-agent sim: ${errorMessage(err)}\n\n${USAGE}`);
      return 2;
    }
    if (parsed.help) {
      console.log(USAGE);
      return 0;
    }
    return runSimulator(parsed);
  },
};
