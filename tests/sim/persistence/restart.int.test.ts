import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import { startSimulator, type SimulatorHandle } from "../../../sim/index.js";
import { APP_KEY, APP_SECRET, BALANCE, balanceParams, CANO, ORDER_CASH, orderBody, PRODUCT } from "../server/harness.js";

const DAILY = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld";
const START_MS = fromKst("20261123", "100000");
const dailyParams = {
  CANO,
  ACNT_PRDT_CD: PRODUCT,
  INQR_STRT_DT: "20261123",
  INQR_END_DT: "20261123",
  SLL_BUY_DVSN_CD: "00",
  INQR_DVSN: "00",
  PDNO: "",
  CCLD_DVSN: "00",
  ORD_GNO_BRNO: "",
  ODNO: "",
  INQR_DVSN_3: "00",
  INQR_DVSN_1: "",
  EXCG_ID_DVSN_CD: "KRX",
  CTX_AREA_FK100: "",
  CTX_AREA_NK100: "",
};

let dir: string;
let stateFile: string;
const running: SimulatorHandle[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-sim-state-"));
  stateFile = join(dir, "nested", "sim-state.json");
});
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<SimulatorHandle> {
  const sim = await startSimulator({ seed: 4, start: START_MS, speed: 1, stateFile, pingIntervalMs: 60_000, rateLimitPerSec: 0 });
  running.push(sim);
  return sim;
}

async function stop(sim: SimulatorHandle): Promise<void> {
  running.splice(running.indexOf(sim), 1);
  await sim.close();
}

/** One KIS call with a fresh token (tokens are not kept across restarts). */
async function kis(sim: SimulatorHandle, method: "GET" | "POST", path: string, trId: string, params: Record<string, string>) {
  const issued = await fetch(`${sim.restUrl}/oauth2/tokenP`, {
    method: "POST",
    body: JSON.stringify({ grant_type: "client_credentials", appkey: APP_KEY, appsecret: APP_SECRET }),
  });
  const token = String(((await issued.json()) as { access_token: string }).access_token);
  const query = method === "GET" ? `?${new URLSearchParams(params).toString()}` : "";
  const res = await fetch(sim.restUrl + path + query, {
    method,
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
      appkey: APP_KEY,
      appsecret: APP_SECRET,
      tr_id: trId,
      custtype: "P",
    },
    ...(method === "POST" ? { body: JSON.stringify(params) } : {}),
  });
  return (await res.json()) as Record<string, unknown>;
}

const balance = async (sim: SimulatorHandle) => {
  const json = await kis(sim, "GET", BALANCE, "TTTC8434R", balanceParams());
  return { holdings: json.output1 as Array<Record<string, string>>, summary: (json.output2 as Array<Record<string, string>>)[0]! };
};
const dailyOrders = async (sim: SimulatorHandle) =>
  (await kis(sim, "GET", DAILY, "TTTC0081R", dailyParams)).output1 as Array<Record<string, string>>;

describe("a simulator with a state file", () => {
  it("finds the holding, the cash and the order with its number after a restart", async () => {
    const first = await start();
    const order = await kis(first, "POST", ORDER_CASH, "TTTC0012U", orderBody({ ORD_DVSN: "01", ORD_UNPR: "0", ORD_QTY: "7" }));
    expect(order.rt_cd).toBe("0");
    const orderNo = (order.output as Record<string, string>).ODNO;
    const before = await balance(first);
    await stop(first);

    const second = await start();
    const after = await balance(second);
    const orders = await dailyOrders(second);

    expect(after.holdings).toHaveLength(1);
    expect(after.holdings[0]).toMatchObject({
      pdno: "005930",
      hldg_qty: "7",
      pchs_amt: before.holdings[0]!.pchs_amt,
      pchs_avg_pric: before.holdings[0]!.pchs_avg_pric,
    });
    expect(after.summary.dnca_tot_amt).toBe(before.summary.dnca_tot_amt);
    expect(after.summary.prvs_rcdl_excc_amt).toBe(before.summary.prvs_rcdl_excc_amt);
    expect(orders.map((o) => o.odno)).toEqual([orderNo]);
    expect(orders[0]).toMatchObject({ pdno: "005930", tot_ccld_qty: "7", rmn_qty: "0" });
  });

  it("resumes the clock at the saved time when asked to start earlier, and says so", async () => {
    const first = await start();
    await kis(first, "POST", ORDER_CASH, "TTTC0012U", orderBody({ ORD_DVSN: "01", ORD_UNPR: "0", ORD_QTY: "1" }));
    await stop(first);
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { accounts: { savedAtMs: number } };
    expect(saved.accounts.savedAtMs).toBeGreaterThan(START_MS);

    const second = await start();

    expect(second.clock.now()).toBeGreaterThanOrEqual(saved.accounts.savedAtMs);
    expect(second.note).toMatch(/resumes at 2026-11-23T10:00/);
  });

  it("writes the file whole (no temp file left) and never stores the app key", async () => {
    const first = await start();
    await kis(first, "POST", ORDER_CASH, "TTTC0012U", orderBody({ ORD_DVSN: "01", ORD_UNPR: "0", ORD_QTY: "2" }));
    await new Promise((resolve) => setImmediate(resolve));

    const text = readFileSync(stateFile, "utf8");

    expect(JSON.parse(text)).toMatchObject({ version: 1, seed: 4, accounts: { lastOrderNo: 1 } });
    expect(text).not.toContain(APP_KEY);
    expect(readdirSync(join(dir, "nested"))).toEqual(["sim-state.json"]);
  });
});
