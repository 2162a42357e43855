import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointName } from "../../../broker/kis/endpoints.js";
import type { SimExchange } from "../../../sim/exchange.js";
import { FakeExchange } from "../../fakes/fake-exchange.js";
import { cases, EVENING_ONLY, STOCK, type Case } from "./endpoint-cases.js";
import { ORDER_CASH, orderBody, QUOTE, startHarness, startRealHarness, type Harness } from "./harness.js";

const CASES = cases(69_000);

const runs = (Object.keys(ENDPOINTS) as EndpointName[])
  .filter((name) => !EVENING_ONLY.has(name))
  .flatMap((name) => {
    const spec = ENDPOINTS[name];
    return [["real", spec.trId.real] as const, ["paper", spec.trId.paper] as const]
      .filter(([, id]) => id !== null)
      .map(([env, trId]) => ({ name, env, trId: trId!, spec }));
  });

describe.each([
  ["the fake core", startHarness],
  ["the real core", () => startRealHarness()],
] as const)("every endpoint of the shared table over %s", (_core, start) => {
  let h: Harness<SimExchange>;
  let table: Record<EndpointName, Case>;
  beforeAll(async () => {
    h = await start();
    await h.admin("POST", "/sim/clock", { advanceMs: 60_000 });
    const quote = (await h.get(QUOTE, { trId: "FHKST01010100", params: STOCK })).json.output as Record<string, string>;
    // Something to list: one resting buy at the lower limit, one buy at the upper limit that fills, ticks and program prints.
    table = cases(Number(quote.stck_llam));
    await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: quote.stck_llam! }) });
    await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: quote.stck_mxpr! }) });
    if (h.exchange instanceof FakeExchange) {
      h.exchange.trade("005930", 70_100, 5);
      h.exchange.program("005930", 300, 100);
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(runs)("$name answers its documented shape for the $env tr_id $trId", async ({ name, trId, spec }) => {
    const c = table[name];
    const res =
      spec.method === "GET" ? await h.get(spec.path, { trId, params: c.params }) : await h.post(spec.path, { trId, body: c.params });
    expect(res.status).toBe(200);
    expect(res.json, JSON.stringify(res.json).slice(0, 200)).toMatchObject({ rt_cd: "0" });
    for (const key of c.keys) expect(res.json).toHaveProperty(key);
    if (c.firstRow) {
      const [key, fields] = c.firstRow;
      const rows = res.json[key] as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      for (const f of fields) expect(typeof rows[0]?.[f]).toBe("string");
    }
    for (const value of Object.values((res.json.output ?? {}) as Record<string, unknown>))
      expect(["string", "object"]).toContain(typeof value);
    expect(res.headers.get("tr_id")).toBe(trId);
  });
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.exchange.trade("005930", 70_100, 5);
  h.exchange.program("005930", 300, 100);
});
afterAll(async () => {
  await h.close();
});

describe("quote", () => {
  it("carries the limits, tick, lot size and market of the symbol as strings", async () => {
    const res = await h.get("/uapi/domestic-stock/v1/quotations/inquire-price", {
      trId: "FHKST01010100",
      params: { fid_cond_mrkt_div_code: "J", fid_input_iscd: "005930" },
    });
    expect(res.json.output).toMatchObject({
      stck_prpr: "70100",
      stck_sdpr: "70000",
      stck_mxpr: "91000",
      stck_llam: "49000",
      aspr_unit: "100",
      hts_deal_qty_unit_val: "1",
      prdy_vrss: "100",
      prdy_vrss_sign: "2",
      prdy_ctrt: "0.14",
      rprs_mrkt_kor_name: "KOSPI",
      temp_stop_yn: "N",
      acml_vol: "5",
      pgtr_ntby_qty: "200",
      w52_hgpr: "70100",
      w52_hgpr_vrss_prpr_ctrt: "0.00",
      stck_dryy_hgpr: "70100",
      d250_lwpr: "65800",
    });
  });

  it("answers APBK0656 for an unknown symbol and OPSQ2001 for a missing one", async () => {
    const unknown = await h.get("/uapi/domestic-stock/v1/quotations/inquire-price", {
      trId: "FHKST01010100",
      params: { ...STOCK, FID_INPUT_ISCD: "999999" },
    });
    expect(unknown.json).toMatchObject({ rt_cd: "1", msg_cd: "APBK0656" });
    const missing = await h.get("/uapi/domestic-stock/v1/quotations/inquire-price", {
      trId: "FHKST01010100",
      params: { FID_COND_MRKT_DIV_CODE: "J" },
    });
    expect(missing.json).toMatchObject({ rt_cd: "1", msg_cd: "OPSQ2001" });
    expect(String(missing.json.msg1)).toContain("FID_INPUT_ISCD");
  });
});

describe("daily and minute bars", () => {
  it("returns daily bars newest first within the range", async () => {
    const c = CASES.dailyBars;
    const res = await h.get(ENDPOINTS.dailyBars.path, {
      trId: "FHKST03010100",
      params: { ...c.params, FID_INPUT_DATE_1: "20261110", FID_INPUT_DATE_2: "20261120" },
    });
    const dates = (res.json.output2 as Array<{ stck_bsop_date: string }>).map((b) => b.stck_bsop_date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.every((d) => d >= "20261110" && d <= "20261120")).toBe(true);
  });

  it("aggregates weekly bars", async () => {
    const res = await h.get(ENDPOINTS.dailyBars.path, {
      trId: "FHKST03010100",
      params: { ...CASES.dailyBars.params, FID_PERIOD_DIV_CODE: "W" },
    });
    const daily = await h.get(ENDPOINTS.dailyBars.path, { trId: "FHKST03010100", params: CASES.dailyBars.params });
    expect((res.json.output2 as unknown[]).length).toBeLessThan((daily.json.output2 as unknown[]).length);
  });
});
