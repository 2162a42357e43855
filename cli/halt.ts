/**
 * `kis-agent halt [--env real|paper|sim] [--reason …]` stops all new orders (persisted: a restart
 * keeps it; needs no KIS keys; recorded with who and why; announced to running processes over Redis);
 * `kis-agent resume` re-reads the account from KIS, adopts its holdings as the reconciled baseline
 * and sets trading ACTIVE again — the operator's answer to a reconciliation halt.
 */
import { userInfo } from "node:os";
import { systemClock } from "../core/clock.js";
import { createRuntime } from "../runtime/create-runtime.js";
import { ledgerConfigOf } from "../runtime/mode.js";
import { openLedger } from "../runtime/paths.js";
import { announceTradingState } from "../runtime/trading-state-notice.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson } from "./output.js";

/** Who changed the trading state, for the audit table. */
const cliActor = () => `cli:${userInfo().username}`;

export const halt: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      env: { type: "string" },
      reason: { type: "string" },
      json: { type: "boolean", default: false },
    });
    // The mode to halt is the flag's, else the shell's KIS_ENV; either way no KIS key is read.
    const config = ledgerConfigOf(values.env);
    const ledger = openLedger(config);
    const reason = values.reason ?? "halted by operator";
    const where = config.accountId === null ? config.kisEnv : `${config.kisEnv}, account ${config.accountId}`;
    const notice = { state: "HALTED" as const, reason, actor: cliActor(), atMs: systemClock.now() };
    try {
      ledger.repos.tradingState.set("HALTED", reason, notice.atMs, notice.actor);
      ledger.repos.alerts.insert(
        { severity: "critical", source: "cli", code: "TRADING_HALTED", message: `halt (${where}, ${notice.actor}): ${reason}` },
        notice.atMs,
      );
    } finally {
      ledger.close();
    }
    const heard = await announceTradingState(config.redisUrl, config, notice);
    const account = config.accountId === null ? {} : { account: config.accountId };
    if (values.json)
      printJson({ env: config.kisEnv, ...account, state: "HALTED", reason, actor: notice.actor, announcedTo: heard ?? null });
    else
      console.log(
        `trading HALTED (${where}): ${reason}${heard === undefined ? " — Redis did not answer; running processes see it at their next order" : ` — announced to ${heard} process(es)`}`,
      );
    return 0;
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
      rt.repos.tradingState.set("ACTIVE", "resumed by operator", nowMs, cliActor());
      await announceTradingState(rt.config.redisUrl, rt.config, {
        state: "ACTIVE",
        reason: "resumed by operator",
        actor: cliActor(),
        atMs: nowMs,
      });
      rt.repos.alerts.insert(
        {
          severity: "info",
          source: "cli",
          code: "TRADING_RESUMED",
          message: `resume: trading ACTIVE; ${holdings.size} holding(s) adopted from KIS as the baseline`,
        },
        nowMs,
      );
      if (values.json) printJson({ state: "ACTIVE", holdings: Object.fromEntries(holdings) });
      else console.log(`trading ACTIVE; adopted ${holdings.size} holding(s) from KIS as the reconciled baseline`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
