/**
 * A KIS client written by someone else: a stdlib Python script that follows KIS's official sample
 * request shapes, run with `python3` against a fresh simulator knowing nothing but its URL and an
 * arbitrary app key and secret. Skipped, saying so, where python3 is not installed.
 */
import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOnTickGrid } from "../../venue/krx.js";
import { SESSION_DATE, SYMBOL, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

const SCRIPT = fileURLToPath(new URL("./python/kis-official-sample-client.py", import.meta.url));
const HAS_PYTHON = spawnSync("python3", ["--version"]).status === 0;
const run = promisify(execFile);

type Row = Record<string, string>;
interface SampleOutput {
  token: { access_token: string; access_token_token_expired: string };
  quote: Row;
  buyingPower: Row;
  order: Row;
  balance: { output1: Row[]; output2: Row[] };
  dailyCcld: { output1: Row[]; output2: Row[] };
  trIds: string[];
}

const TR_IDS = {
  real: ["FHKST01010100", "TTTC8908R", "TTTC0012U", "TTTC8434R", "TTTC0081R"],
  demo: ["FHKST01010100", "VTTC8908R", "VTTC0012U", "VTTC8434R", "VTTC0081R"],
} as const;

const title = HAS_PYTHON ? "the official-sample Python client" : "the official-sample Python client (skipped: python3 is not on PATH)";

describe.skipIf(!HAS_PYTHON).each<"real" | "demo">(["real", "demo"])(`${title} on %s tr_ids`, (envDv) => {
  const account = "70000000-01";
  const accountId = account.replace("-", "");
  let env: SimEnv;
  let out: SampleOutput;
  let lastBeforeKrw: number;
  let cashBeforeKrw: number;

  beforeAll(async () => {
    env = await startSimEnv();
    // Nothing has traded yet on the stepped clock: the last price the script will see.
    env.sim.exchange.advanceTo(env.clock.now());
    lastBeforeKrw = env.sim.exchange.symbol(SYMBOL)!.lastKrw;
    cashBeforeKrw = env.sim.exchange.account(accountId).orderableCashKrw;
    const { stdout } = await run(
      "python3",
      [SCRIPT, env.sim.restUrl, "PSanyAppKeyFromSomeoneElse0000000000", "any-secret".repeat(18), account, envDv, SYMBOL, SESSION_DATE],
      { timeout: 30_000 },
    );
    out = JSON.parse(stdout) as SampleOutput;
  });
  afterAll(async () => {
    await env.close();
  });

  it("gets a token and sends the tr_ids of its environment", () => {
    expect(out.token.access_token.split(".")).toHaveLength(3);
    expect(out.token.access_token_token_expired).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(out.trIds).toEqual(TR_IDS[envDv]);
  });

  it("reads a quote on the tick grid, inside its limits, at the exchange's last price", () => {
    const price = Number(out.quote["stck_prpr"]);
    expect(price).toBe(lastBeforeKrw);
    expect(isOnTickGrid(price)).toBe(true);
    expect(price).toBeGreaterThanOrEqual(Number(out.quote["stck_llam"]));
    expect(price).toBeLessThanOrEqual(Number(out.quote["stck_mxpr"]));
  });

  it("reads the buying power of the fresh account", () => {
    expect(Number(out.buyingPower["ord_psbl_cash"])).toBe(cashBeforeKrw);
    expect(Number(out.buyingPower["nrcvb_buy_qty"])).toBeGreaterThan(0);
  });

  it("places a limit buy at the upper limit that fills, and finds it in the daily fills", () => {
    const [placed] = env.sim.exchange.orders(accountId, SESSION_DATE, SESSION_DATE);
    expect(out.order).toEqual({
      KRX_FWDG_ORD_ORGNO: placed!.orgNo,
      ODNO: placed!.orderNo,
      ORD_TMD: expect.stringMatching(/^\d{6}$/) as unknown,
    });
    expect(placed).toMatchObject({ status: "filled", filledQuantity: 3 });
    expect(out.dailyCcld.output1).toEqual([
      expect.objectContaining({
        odno: placed!.orderNo,
        pdno: SYMBOL,
        sll_buy_dvsn_cd: "02",
        ord_qty: "3",
        tot_ccld_qty: "3",
        rmn_qty: "0",
      }),
    ]);
    expect(out.dailyCcld.output2).toEqual([expect.objectContaining({ tot_ccld_qty: "3", tot_ccld_amt: String(placed!.filledAmountKrw) })]);
  });

  it("reads the holding and the cash the exchange booked in the balance", () => {
    const account = env.sim.exchange.account(accountId);
    expect(out.balance.output1).toEqual([expect.objectContaining({ pdno: SYMBOL, hldg_qty: "3", ord_psbl_qty: "3" })]);
    expect(out.balance.output2).toEqual([expect.objectContaining({ prvs_rcdl_excc_amt: String(account.cashKrw) })]);
  });
});
