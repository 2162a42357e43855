/** A run context over a Map with run_context's rules (first write wins, bodies as JSON), for node tests. */
import { createRunContext, type RunContext } from "../../nodes/run-context.js";
import type { AccountSnapshot } from "../../state/account-snapshot.js";
import type { MarketContext } from "../../state/market-context.js";

export function memoryRunContext(): RunContext {
  const rows = new Map<string, string>();
  return createRunContext(
    {
      put(runId, ref, _kind, value) {
        const key = `${runId}|${ref}`;
        if (!rows.has(key)) rows.set(key, JSON.stringify(value));
        return JSON.parse(rows.get(key) ?? "null") as unknown;
      },
      get(runId, ref) {
        const body = rows.get(`${runId}|${ref}`);
        return body === undefined ? undefined : (JSON.parse(body) as unknown);
      },
    },
    () => 0,
  );
}

/** Stores a run's account and market as diagnose and analyze would; returns the state's refs. */
export function storedContext(context: RunContext, runId: string, inputs: { account?: AccountSnapshot; market?: MarketContext }) {
  return {
    runId,
    accountRef: inputs.account ? context.saveAccount(runId, inputs.account).accountRef : null,
    marketRef: inputs.market ? context.saveMarket(runId, inputs.market).marketRef : null,
  };
}
