/** `kis-agent trades [--days N] [--run <id>] [--json]`: recorded trades, newest first, with their execution status. */
import { formatKstIso } from "../core/clock.js";
import { loadCommandConfig } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { openLedger } from "../runtime/paths.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";

const USAGE = "usage: kis-agent trades [--days N (default 7)] [--run <run-id>] [--json]";

export const command: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      days: { type: "string" },
      run: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const days = Number(values.days ?? 7);
    if (!Number.isInteger(days) || days <= 0)
      throw new AppError("DATA_INVALID", `--days: expected a positive whole number, received '${values.days}'`);
    const ledger = openLedger(loadCommandConfig());
    try {
      // Trades carry simulated time in sim mode, so the window ends at the newest trade, not the wall clock.
      const all = values.run ? ledger.repos.trades.listByRun(values.run) : ledger.repos.trades.listBetween(0, Number.MAX_SAFE_INTEGER);
      const newest = all.at(-1)?.timestampMs ?? 0;
      const trades = (values.run ? all : all.filter((t) => t.timestampMs > newest - days * 86_400_000)).reverse();
      if (values.json) printJson(trades);
      else
        printTable(
          ["time (KST)", "ticker", "action", "qty", "price", "status", "order", "pnl 7d", "pnl 30d", "run"],
          trades.map((t) => [
            formatKstIso(t.timestampMs).slice(0, 19),
            t.ticker,
            t.action,
            t.quantity,
            t.priceKrw,
            t.executionStatus,
            t.orderNumber ?? "-",
            t.pnl7DaysKrw ?? "-",
            t.pnl30DaysKrw ?? "-",
            t.runId,
          ]),
        );
      return 0;
    } finally {
      ledger.close();
    }
  },
};
