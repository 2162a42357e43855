/**
 * Order-safety scenarios: a trading runtime over the simulator (HTTP, real SQLite) whose model
 * answers with scripted plans and whose every order waits for a person, so a test can let the world
 * move between the plan and the send. Assertions read the simulator's own account.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_LLM_KEY, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";

export const ACCOUNT = "5000123401";
export const DAY = "20261123";

export interface Scenario {
  h: Harness;
  mock: LlmMockServer;
  /** opens a runtime (a new process) on the same data directory and simulator */
  open(extra?: Record<string, string>): ReturnType<Harness["open"]>;
  /** the simulator's account: cash, holdings, open orders */
  account(): ReturnType<Harness["sim"]["exchange"]["account"]>;
  /** value bought per symbol, from the simulator's own fills */
  boughtKrw(symbol: string): number;
  close(): Promise<void>;
}

/** Each plan is one model answer, used by one run in order. Order notional is lifted so the position limit is the one that binds. */
export async function startScenario(plans: Array<Array<Record<string, unknown>>>, options: { stepped?: boolean } = {}): Promise<Scenario> {
  const h = await startHarness(options);
  const mock = await startLlmMock(
    "openai",
    plans.map((actions) => ({ kind: "content" as const, text: planJson(actions) })),
  );
  const limitsFile = join(h.dataDir, "limits.json");
  writeFileSync(limitsFile, JSON.stringify({ maxOrderNotionalKrw: 50_000_000 }));
  const env = {
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    LLM_MAX_RETRIES: "0",
    APPROVAL_MODE: "always",
    RISK_LIMITS_FILE: limitsFile,
  };
  return {
    h,
    mock,
    open: (extra = {}) => h.open({ ...env, ...extra }),
    account: () => h.sim.exchange.account(ACCOUNT),
    boughtKrw: (symbol) =>
      h.sim.exchange
        .fills(ACCOUNT, "20260101", "20271231")
        .filter((f) => f.code === symbol && f.side === "buy")
        .reduce((s, f) => s + f.quantity * f.priceKrw, 0),
    async close() {
      await mock.close();
      await h.close();
    },
  };
}

export async function moveSimClock(h: Harness, body: { advanceMs: number } | { toMs: number }): Promise<void> {
  const res = await fetch(`${h.sim.restUrl}/sim/clock`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`sim clock: ${res.status} ${await res.text()}`);
}
