/**
 * `kis-agent watch <codes...> [--seconds N] [--json]`: starts the live tick session for the codes
 * against KIS_ENV (sim by default, in-process) and shows their indicators: a table redrawn in
 * place on a terminal, one JSON line per trade otherwise. Stops after N seconds or on Ctrl+C.
 */
import { formatKstIso } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import type { TradeTick } from "../core/market-events.js";
import { KRX_CODE_PATTERN } from "../venue/krx.js";
import type { SymbolSnapshot } from "../market/snapshot.js";
import { createRuntime } from "../runtime/create-runtime.js";
import { createLiveSession, type LiveSession } from "../runtime/live.js";
import type { Command } from "./index.js";
import { parseCommandArgs } from "./output.js";

const USAGE = `usage: kis-agent watch <code> [<code>...] [--seconds N] [--json]

Streams real-time ticks for the given 6-character codes (KIS_ENV, sim by default) and shows
price, ma5, rsi14, stochastic, volume ratio and z-score, spread, imbalance and buy power.

options:
  --seconds N   stop after N wall-clock seconds (default: until Ctrl+C)
  --json        one JSON line per trade (also the default when stdout is not a terminal)
  --help        show this help`;

const REDRAW_MS = 500;

/** One JSON line: the trade that arrived and the symbol's indicators after it. */
export function watchLine(tick: TradeTick, s: SymbolSnapshot) {
  return {
    time: formatKstIso(tick.exchangeTimeMs),
    symbol: tick.symbol,
    priceKrw: tick.priceKrw,
    volume: tick.volume,
    changeRate: s.changeRate,
    ma5: s.ma5,
    rsi14: s.rsi14,
    stochK: s.stochK,
    stochD: s.stochD,
    volumeRatio: s.volumeRatio,
    volumeZ: s.volumeZ,
    spreadKrw: s.spreadKrw,
    bidAskImbalance: s.bidAskImbalance,
    buyPower: s.buyPower,
    stale: s.stale,
  };
}

const HEADERS = ["code", "time", "price", "chg%", "ma5", "rsi14", "%K", "%D", "volR", "volZ", "spread", "imbal", "power", "trades"];

function tableLines(session: LiveSession, codes: string[]): string[] {
  const counts = new Map(session.status().symbols.map((s) => [s.symbol, s.trades]));
  const show = (v: number | null) => (v === null ? "-" : String(v));
  const rows = codes.map((code) => {
    const s = session.snapshot(code);
    if (s === null) return [code, "-", "waiting", "", "", "", "", "", "", "", "", "", "", "0"];
    return [
      code,
      formatKstIso(s.exchangeTimeMs).slice(11, 19),
      String(s.priceKrw),
      show(s.changeRate),
      show(s.ma5),
      show(s.rsi14),
      show(s.stochK),
      show(s.stochD),
      show(s.volumeRatio),
      show(s.volumeZ),
      show(s.spreadKrw),
      show(s.bidAskImbalance),
      show(s.buyPower),
      String(counts.get(code) ?? 0),
    ];
  });
  const all = [HEADERS, ...rows];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const status = session.status();
  return [
    ...all.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")),
    `feed ${status.state}  registrations ${status.registrations.length}  reconnects ${status.reconnects}  alerts ${Object.values(status.alerts).reduce((a, b) => a + b, 0)}  (Ctrl+C to stop)`,
  ];
}

/** Redraws the table over its previous lines. */
function createTable(session: LiveSession, codes: string[]): { draw(): void } {
  let drawn = 0;
  return {
    draw() {
      const lines = tableLines(session, codes);
      const up = drawn > 0 ? `\x1b[${drawn}F` : "";
      process.stdout.write(`${up}${lines.map((l) => `${l}\x1b[K`).join("\n")}\n`);
      drawn = lines.length;
    },
  };
}

function parseWatchArgs(args: string[]) {
  const { values, positionals } = parseCommandArgs(args, {
    seconds: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  const bad = positionals.find((c) => !KRX_CODE_PATTERN.test(c));
  if (bad !== undefined) throw new AppError("DATA_INVALID", `Expected 6-character KRX codes such as 005930, received '${bad}'`);
  const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0))
    throw new AppError("DATA_INVALID", `--seconds: expected a positive number, received '${values.seconds}'`);
  return { codes: [...new Set(positionals)], seconds, json: values.json, help: values.help };
}

/** Settles after `seconds` (if given) or on SIGINT/SIGTERM, whichever comes first; `cancel` settles it early. */
function untilStopped(seconds: number | undefined): { done: Promise<void>; cancel(): void } {
  let cancel = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = seconds === undefined ? undefined : setTimeout(finish, seconds * 1000);
    function finish() {
      clearTimeout(timer);
      process.off("SIGINT", finish);
      process.off("SIGTERM", finish);
      resolve();
    }
    process.once("SIGINT", finish);
    process.once("SIGTERM", finish);
    cancel = finish;
  });
  return { done, cancel };
}

export const command: Command = {
  async run(args) {
    const a = parseWatchArgs(args);
    if (a.help || a.codes.length === 0) {
      console.log(USAGE);
      return a.help ? 0 : 2;
    }
    const rt = await createRuntime();
    // Listening before the socket opens, so Ctrl+C during start-up still shuts down cleanly.
    const stopped = untilStopped(a.seconds);
    const session = createLiveSession(rt, { watchlist: a.codes, syncHoldings: false });
    const wanted = new Set(a.codes);
    const lines = a.json || !process.stdout.isTTY;
    let redraw: NodeJS.Timeout | undefined;
    try {
      if (lines) {
        session.on("tick", (tick) => {
          const s = wanted.has(tick.symbol) ? session.snapshot(tick.symbol) : null;
          if (s !== null) process.stdout.write(`${JSON.stringify(watchLine(tick, s))}\n`);
        });
      }
      await Promise.race([session.start(), stopped.done]);
      if (!lines) {
        const table = createTable(session, a.codes);
        table.draw();
        redraw = setInterval(() => table.draw(), REDRAW_MS);
      }
      await stopped.done;
      return 0;
    } finally {
      stopped.cancel();
      clearInterval(redraw);
      await session.stop();
      await rt.close();
    }
  },
};
