/**
 * `kis-agent halt [--reason …]` stops all new orders (persisted: a restart keeps it);
 * `kis-agent resume` re-reads the account from KIS, adopts its holdings as the reconciled baseline
 * and sets trading ACTIVE again — the operator's answer to a reconciliation halt.
 */
import { systemClock } from "../core/clock.js";
import { loadConfig } from "../core/config.js";
import { createRuntime } from "../runtime/create-runtime.js";
import { openLedger } from "../runtime/paths.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson } from "./output.js";

export const halt: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, { reason: { type: "string" }, json: { type: "boolean", default: false } });
    const config = loadConfig();
    const ledger = openLedger(config);
    try {
      const reason = values.reason ?? "halted by operator";
      ledger.repos.tradingState.set("HALTED", reason, systemClock.now());
      ledger.repos.alerts.insert({ severity: "critical", source: "cli", code: "TRADING_HALTED", message: `halt: ${reason}` }, systemClock.now());
      if (values.json) printJson({ state: "HALTED", reason });
      else console.log(`trading HALTED: ${reason}`);
      return 0;
    } finally {
      ledger.close();
    }
  },
};

export const resume: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, { json: { type: "boolean", default: false } });
    const rt = await createRuntime();
    try {
      const balance = await rt.kis.getBalance();
      const holdings = new Map(balance.holdings.filter((h) => h.quantity > 0).map((h) => [h.symbol, h.quantity]));
      const nowMs = rt.clock.now();
      rt.repos.baseline.replace(holdings, nowMs);
      rt.repos.tradingState.set("ACTIVE", "resumed by operator", nowMs);
      rt.repos.alerts.insert({ severity: "info", source: "cli", code: "TRADING_RESUMED", message: `resume: trading ACTIVE; ${holdings.size} holding(s) adopted from KIS as the baseline` }, nowMs);
      if (values.json) printJson({ state: "ACTIVE", holdings: Object.fromEntries(holdings) });
      else console.log(`trading ACTIVE; adopted ${holdings.size} holding(s) from KIS as the reconciled baseline`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
