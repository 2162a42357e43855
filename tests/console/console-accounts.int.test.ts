/**
 * The console over an ACCOUNTS_FILE of two accounts, each with its own ledger: the account list,
 * `?account=ID` selecting whose runs and halt, an unknown id refused, /healthz per account.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAccounts } from "../../core/accounts.js";
import { loadConfig } from "../../core/config.js";
import { AppError } from "../../core/errors.js";
import { startConsole, type ConsoleHandle } from "../../console/start-console.js";
import { CORE_DECISION_PROMPT_FILE } from "../../prompts/prompt-store.js";
import { openLedger } from "../../runtime/paths.js";

const TOKEN = "console-accounts-token-0123456789";
const GROWTH_MARK = "<!-- growth's own line -->";
let dir: string;
let handle: ConsoleHandle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "console-accounts-"));
  const accounts = [
    { id: "family", appKey: "${FAMILY_KEY}", appSecret: "${FAMILY_SECRET}", accountNo: "50001234-01" },
    { id: "growth", appKey: "${GROWTH_KEY}", appSecret: "${GROWTH_SECRET}", accountNo: "50005678-02", prompt: "growth.md" },
  ];
  writeFileSync(join(dir, "growth.md"), `${readFileSync(CORE_DECISION_PROMPT_FILE, "utf8")}\n${GROWTH_MARK}\n`);
  writeFileSync(join(dir, "accounts.json"), JSON.stringify({ accounts }));
  const env = {
    KIS_ENV: "sim",
    DATA_DIR: join(dir, "data"),
    LOG_LEVEL: "silent",
    CONSOLE_TOKEN: TOKEN,
    ACCOUNTS_FILE: join(dir, "accounts.json"),
    FAMILY_KEY: "family-app-key-0001",
    FAMILY_SECRET: "family-app-secret-0001",
    GROWTH_KEY: "growth-app-key-0002",
    GROWTH_SECRET: "growth-app-secret-0002",
  };
  const config = loadConfig(env);
  const configs = loadAccounts(config, env);
  // One run in growth's ledger only.
  const growth = openLedger(configs[1]!);
  growth.repos.runs.start({ runId: "growth-run-1", graph: "trading", trigger: "manual" }, Date.UTC(2026, 10, 23, 1));
  growth.close();
  handle = await startConsole({
    config,
    accounts: configs,
    port: 0,
    prefix: `test-console-accounts-${process.pid}`,
    openRuntime: async () => {
      throw new AppError("BROKER_UNAVAILABLE", "no broker in this test");
    },
  });
});

afterAll(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

const bearer = { authorization: `Bearer ${TOKEN}` };
const get = (path: string) => fetch(`${handle.url}${path}`, { headers: bearer });
const json = async (path: string) => (await get(path)).json() as Promise<unknown>;

describe("console with several accounts", () => {
  it("lists every account with its masked number and trading state", async () => {
    expect(await json("/api/accounts")).toEqual([
      { id: "family", accountNo: "5000****-01", tradingState: "ACTIVE" },
      { id: "growth", accountNo: "5000****-02", tradingState: "ACTIVE" },
    ]);
  });

  it("reads the ledger of the account ?account= names, the first by default", async () => {
    const ids = async (path: string) => ((await json(path)) as Array<{ runId: string }>).map((r) => r.runId);
    expect(await ids("/api/runs?account=growth")).toEqual(["growth-run-1"]);
    expect(await ids("/api/runs?account=family")).toEqual([]);
    expect(await ids("/api/runs")).toEqual([]);
    expect(await json("/api/session?account=growth")).toMatchObject({ account: "growth" });
  });

  it("seeds each account's prompt line from its own file, even when the console opens the ledger first", async () => {
    const text = async (account: string) => ((await json(`/api/prompts/1?account=${account}`)) as { text: string }).text;
    expect(await text("growth")).toContain(GROWTH_MARK);
    expect(await text("family")).not.toContain(GROWTH_MARK);
  });

  it("halts only the account it names", async () => {
    const res = await fetch(`${handle.url}/api/halt?account=family`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json", "x-kis-console": "1" },
      body: JSON.stringify({ reason: "family only" }),
    });
    expect(res.status).toBe(200);
    const states = ((await json("/api/accounts")) as Array<{ id: string; tradingState: string }>).map((a) => [a.id, a.tradingState]);
    expect(states).toEqual([
      ["family", "HALTED"],
      ["growth", "ACTIVE"],
    ]);
  });

  it("refuses an unknown account, and /healthz reports each account", async () => {
    expect((await get("/api/runs?account=nobody")).status).toBe(404);
    const health = (await (await fetch(`${handle.url}/healthz`)).json()) as { accounts: Array<{ account: string }> };
    expect(health.accounts.map((a) => a.account)).toEqual(["family", "growth"]);
  });
});
