/**
 * `kis-agent history fetch --symbols 005930,000660 --from YYYYMMDD --to YYYYMMDD [--json]`: daily
 * and minute bars from KIS (or the simulator, KIS_ENV=sim with KIS_SIM_URL) into
 * DATA_DIR/history/, paced by the client's rate limiter, resumable, progress on stderr.
 */
import { join } from "node:path";
import { systemClock } from "../core/clock.js";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import { createKisClient } from "../broker/kis/create-kis-client.js";
import { checkHistoryArgs, fetchHistory } from "../market/history-fetch.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson } from "./output.js";

const USAGE = `usage: kis-agent history fetch --symbols CODE[,CODE…] --from YYYYMMDD --to YYYYMMDD [--json]

Stores daily bars (with ~200 days of look-back) and the 1-minute bars of every closed trading day
in DATA_DIR/history/ (daily/{code}.csv, minute/{code}/{YYYYMMDD}.csv), at the broker's rate limit.
Run it again to resume: symbol-days already stored are skipped. Minute history of past days is a
real-account endpoint (paper: BROKER_UNSUPPORTED); KIS_ENV=sim needs KIS_SIM_URL (kis-agent sim).

options:
  --symbols LIST   comma-separated 6-character KRX codes (required)
  --from DATE      first day, YYYYMMDD (required)
  --to DATE        last day, YYYYMMDD (required)
  --json           print one JSON document: directory, counts of fetched and skipped symbol-days
  --help           show this help`;

export const command: Command = {
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      symbols: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help || positionals[0] !== "fetch") {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    if (values.symbols === undefined || values.from === undefined || values.to === undefined) {
      throw new AppError("DATA_INVALID", "--symbols, --from and --to are required (see kis-agent history --help)");
    }
    const symbols = values.symbols
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    // Checked before anything connects: a bad argument fetches and writes nothing.
    checkHistoryArgs(symbols, values.from, values.to);
    const config = loadCommandConfig();
    if (config.kisEnv === "sim" && config.sim.url === undefined && config.restUrl === undefined) {
      throw new AppError(
        "CONFIG_INVALID",
        "history fetch in sim mode reads a running simulator: set KIS_SIM_URL (start one with kis-agent sim)",
      );
    }
    const kis = createKisClient({ config, clock: systemClock, log: createLogger(config.logLevel) });
    const dir = join(config.dataDir, "history");
    const result = await fetchHistory(kis, {
      dir,
      symbols,
      from: values.from,
      to: values.to,
      clock: systemClock,
      onProgress: (p) => process.stderr.write(`history ${p.done}/${p.total} ${p.symbol} ${p.date} ${p.action}\n`),
    });
    if (values.json) printJson(result);
    else
      console.log(
        `${result.fetched} fetched, ${result.skipped} already stored (symbol-days and daily files); ${result.minuteBars} minute and ${result.dailyBars} daily bars written to ${dir}`,
      );
    return 0;
  },
};
