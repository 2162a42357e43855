/**
 * Field by field against the official samples' column lists (tests/fixtures/kis-samples/columns.json,
 * recorded from koreainvestment/open-trading-api's chk_*.py COLUMN_MAPPING), over the real seeded
 * core, and the figures checked against each other: PER = price / EPS, investor buys and sells
 * add up to the day's volume, index history chains into today's index.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointName } from "../../../broker/kis/endpoints.js";
import type { SimExchange } from "../../../sim/exchange.js";
import { fundamentalsOf } from "../../../sim/market/fundamentals.js";
import { cases, STOCK, type Case } from "./endpoint-cases.js";
import { ORDER_CASH, orderBody, QUOTE, startRealHarness, type Harness } from "./harness.js";

type Row = Record<string, unknown>;
const COLUMNS = (
  JSON.parse(readFileSync(new URL("../../fixtures/kis-samples/columns.json", import.meta.url), "utf8")) as {
    columns: Record<string, string[]>;
  }
).columns;

/** Which sample column list each endpoint's output (or output1/output2) must carry. */
const SAMPLE_LISTS: Array<[EndpointName, string, string]> = [
  ["quote", "output", "inquire_price"],
  ["quote2", "output", "inquire_price_2"],
  ["investorFlows", "output", "inquire_investor"],
  ["productInfo", "output", "search_info"],
  ["stockInfo", "output", "search_stock_info"],
  ["dailyPrices", "output", "inquire_daily_price"],
  ["minuteBarsOfDay", "output1", "inquire_time_dailychartprice.output1"],
  ["minuteBarsOfDay", "output2", "inquire_time_dailychartprice.output2"],
  ["indexDailyBars", "output1", "inquire_daily_indexchartprice.output1"],
  ["indexDailyBars", "output2", "inquire_daily_indexchartprice.output2"],
  ["indexMinuteBars", "output1", "inquire_time_indexchartprice.output1"],
  ["indexMinuteBars", "output2", "inquire_time_indexchartprice.output2"],
  ["marketTime", "output1", "market_time.output1"],
  ["newsTitles", "output", "news_title"],
  ["programTradesDaily", "output", "program_trade_by_stock_daily"],
  ["balanceRealizedPnl", "output1", "inquire_balance_rlz_pl.output1"],
  ["balanceRealizedPnl", "output2", "inquire_balance_rlz_pl.output2"],
  ["periodTradeProfit", "output1", "inquire_period_trade_profit.output1"],
  ["periodTradeProfit", "output2", "inquire_period_trade_profit.output2"],
  ["integratedMargin", "output", "intgr_margin"],
];

/** inquire-price fields that are codes, names, flags or dates; every other one is a number and never empty. */
const QUOTE_TEXT = new Set([
  "iscd_stat_cls_code",
  "rprs_mrkt_kor_name",
  "new_hgpr_lwpr_cls_code",
  "bstp_kor_isnm",
  "temp_stop_yn",
  "oprc_rang_cont_yn",
  "clpr_rang_cont_yn",
  "crdt_able_yn",
  "grmn_rate_cls_code",
  "elw_pblc_yn",
  "prdy_vrss_sign",
  "stac_month",
  "d250_hgpr_date",
  "d250_lwpr_date",
  "dryy_hgpr_date",
  "dryy_lwpr_date",
  "w52_hgpr_date",
  "w52_lwpr_date",
  "ssts_yn",
  "stck_shrn_iscd",
  "fcam_cnnm",
  "cpfn_cnnm",
  "vi_cls_code",
  "ovtm_vi_cls_code",
  "invt_caful_yn",
  "mrkt_warn_cls_code",
  "short_over_yn",
  "sltr_yn",
  "mang_issu_cls_code",
]);

let h: Harness<SimExchange>;
let table: Record<EndpointName, Case>;
const call = async (name: EndpointName, params?: Record<string, string>) => {
  const spec = ENDPOINTS[name];
  const c = { ...table[name].params, ...params };
  const res =
    spec.method === "GET"
      ? await h.get(spec.path, { trId: spec.trId.real, params: c })
      : await h.post(spec.path, { trId: spec.trId.real, body: c });
  expect(res.json, JSON.stringify(res.json).slice(0, 300)).toMatchObject({ rt_cd: "0" });
  return res.json;
};
const rowsOf = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : [value as Row]);

beforeAll(async () => {
  h = await startRealHarness();
  await h.admin("POST", "/sim/clock", { advanceMs: 3 * 3_600_000 });
  const quote = (await h.get(QUOTE, { trId: "FHKST01010100", params: STOCK })).json.output as Record<string, string>;
  table = cases(Number(quote.stck_llam));
  await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: quote.stck_mxpr! }) });
  await h.post(ORDER_CASH, { trId: "TTTC0011U", body: orderBody({ ORD_QTY: "4", ORD_DVSN: "01", ORD_UNPR: "0" }) });
});
afterAll(async () => {
  await h.close();
});

describe("every column of the official samples' lists", () => {
  it.each(SAMPLE_LISTS)("%s %s carries every column of %s as a string", async (name, key, list) => {
    const json = await call(name);
    const rows = rowsOf(json[key]);
    expect(rows.length).toBeGreaterThan(0);
    for (const column of COLUMNS[list]!) expect(typeof rows[0]![column], `${list}: ${column}`).toBe("string");
  });

  it("answers inquire-price with exactly the 82 fields, every numeric one a number", async () => {
    const output = (await call("quote")).output as Record<string, string>;
    expect(Object.keys(output).sort()).toEqual([...COLUMNS.inquire_price!].sort());
    for (const [field, value] of Object.entries(output))
      if (!QUOTE_TEXT.has(field)) expect(Number.isFinite(Number(value)) && value !== "", `${field}=${value}`).toBe(true);
  });
});

describe("figures that agree with each other", () => {
  it("prices PER, PBR, EPS, BPS and market cap from the same price", async () => {
    const q = (await call("quote")).output as Record<string, string>;
    const f = fundamentalsOf(h.exchange.symbols().find((s) => s.code === "005930")!);
    const price = Number(q.stck_prpr);
    expect(Number(q.eps)).toBe(f.epsKrw);
    expect(Number(q.per)).toBeCloseTo(price / Number(q.eps), 2);
    expect(Number(q.pbr)).toBeCloseTo(price / Number(q.bps), 2);
    expect(Number(q.hts_avls)).toBe(Math.round((price * Number(q.lstn_stcn)) / 100_000_000));
    const daily = (await call("dailyBars")).output1 as Record<string, string>;
    expect(daily).toMatchObject({ per: q.per, eps: q.eps, pbr: q.pbr });
  });

  it("splits each day's volume into investor buys and sells that reproduce the net figures", async () => {
    const rows = (await call("investorFlows")).output as Array<Record<string, string>>;
    const bars = new Map(h.exchange.dailyBars("005930", "00000101", "99991231").map((b) => [b.date, b.volume]));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      const n = (f: string) => Number(r[f]);
      for (const c of ["prsn", "frgn", "orgn"]) {
        expect(n(`${c}_shnu_vol`) - n(`${c}_seln_vol`)).toBe(n(`${c}_ntby_qty`));
        expect(n(`${c}_shnu_vol`)).toBeGreaterThanOrEqual(0);
        expect(n(`${c}_seln_vol`)).toBeGreaterThanOrEqual(0);
        expect(n(`${c}_shnu_tr_pbmn`)).toBe(n(`${c}_shnu_vol`) * n("stck_clpr"));
      }
      expect(n("prsn_shnu_vol") + n("frgn_shnu_vol") + n("orgn_shnu_vol")).toBe(bars.get(r.stck_bsop_date!));
      expect(n("prsn_seln_vol") + n("frgn_seln_vol") + n("orgn_seln_vol")).toBe(bars.get(r.stck_bsop_date!));
      expect(n("prsn_ntby_qty") + n("frgn_ntby_qty") + n("orgn_ntby_qty")).toBe(0);
    }
  });

  it("answers the index quote with no zero placeholders: yesterday's volume, the year's extremes, the members' books", async () => {
    const q = (await call("indexQuote")).output as Record<string, string>;
    const bars = (await call("indexDailyBars")).output2 as Array<Record<string, string>>;
    const yesterday = bars.find((b) => b.stck_bsop_date! < "20261123")!;
    expect(q.prdy_vol).toBe(yesterday.acml_vol);
    expect(Number(q.dryy_bstp_nmix_hgpr)).toBeGreaterThanOrEqual(Number(q.bstp_nmix_prpr) - 0.005);
    expect(Number(q.dryy_bstp_nmix_lwpr)).toBeLessThanOrEqual(Number(q.bstp_nmix_prpr) + 0.005);
    expect(Number(q.total_askp_rsqn)).toBeGreaterThan(0);
    expect(Number(q.ntby_rsqn)).toBe(Number(q.total_bidp_rsqn) - Number(q.total_askp_rsqn));
  });

  it("chains the index's daily history into today's previous close", async () => {
    const index = (await call("indexQuote")).output as Record<string, string>;
    const bars = (await call("indexDailyBars")).output2 as Array<Record<string, string>>;
    const previousClose = Number(index.bstp_nmix_prpr) - Number(index.bstp_nmix_prdy_vrss);
    const yesterday = bars.find((b) => b.stck_bsop_date! < "20261123")!;
    expect(Number(yesterday.bstp_nmix_prpr)).toBeCloseTo(previousClose, 1);
    for (const b of bars) expect(Number(b.bstp_nmix_hgpr)).toBeGreaterThanOrEqual(Number(b.bstp_nmix_lwpr));
  });

  it("reports the day's realised P&L of a sale in the realised-P&L balance and the per-stock period profit", async () => {
    const [pnl] = h.exchange.dailyPnl("1234567801", "20261123", "20261123");
    const balance = (await call("balanceRealizedPnl")).output2 as Array<Record<string, string>>;
    expect(Number(balance[0]!.rlzt_pfls)).toBe(pnl!.realizedPnlKrw);
    const period = await call("periodTradeProfit");
    expect(Number((period.output2 as Record<string, string>).tot_rlzt_pfls)).toBe(pnl!.realizedPnlKrw);
  });
});
