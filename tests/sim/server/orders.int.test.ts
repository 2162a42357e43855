import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import {
  ACCOUNT_ID,
  APP_KEY,
  BALANCE,
  balanceParams,
  CANO,
  ORDER_CASH,
  orderBody,
  PRODUCT,
  RVSECNCL,
  startHarness,
  type Harness,
} from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const DAILY = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld";
const dailyParams = (extra: Record<string, string> = {}) => ({
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
  ...extra,
});
const buyingPowerParams = {
  CANO,
  ACNT_PRDT_CD: PRODUCT,
  PDNO: "005930",
  ORD_UNPR: "70100",
  ORD_DVSN: "00",
  CMA_EVLU_AMT_ICLD_YN: "N",
  OVRS_ICLD_YN: "N",
};
const accountState = async () => (await h.admin("GET", `/sim/accounts/${ACCOUNT_ID}`)).json;
const buy = (extra: Record<string, string> = {}, trId = "TTTC0012U") => h.post(ORDER_CASH, { trId, body: orderBody(extra) });

describe("cash orders", () => {
  it("acknowledges an order with upper-case output keys", async () => {
    const res = await buy();
    expect(res.json).toMatchObject({ rt_cd: "0", msg_cd: "MCA00000", msg1: "주문 전송 완료 되었습니다." });
    expect(res.json.output).toEqual({ KRX_FWDG_ORD_ORGNO: "91252", ODNO: "0000000001", ORD_TMD: "100000" });
    expect(res.headers.get("tr_id")).toBe("TTTC0012U");
  });

  it("shows a filled limit buy in balance, daily orders and buying power", async () => {
    const before = await h.get("/uapi/domestic-stock/v1/trading/inquire-psbl-order", { trId: "TTTC8908R", params: buyingPowerParams });
    await buy({ ORD_UNPR: "70100" });
    const balance = await h.get(BALANCE, { trId: "TTTC8434R", params: balanceParams() });
    const [holding] = balance.json.output1 as Array<Record<string, string>>;
    expect(holding).toMatchObject({
      pdno: "005930",
      hldg_qty: "10",
      ord_psbl_qty: "10",
      pchs_amt: "701000",
      pchs_avg_pric: "70100.0000",
      thdt_buyqty: "10",
    });
    const [summary] = balance.json.output2 as Array<Record<string, string>>;
    expect(summary).toMatchObject({
      prvs_rcdl_excc_amt: String(100_000_000 - 701_000 - 105),
      thdt_buy_amt: "701000",
      thdt_tlex_amt: "105",
    });
    const daily = await h.get(DAILY, { trId: "TTTC0081R", params: dailyParams() });
    expect((daily.json.output1 as Array<Record<string, string>>)[0]).toMatchObject({
      odno: "0000000001",
      tot_ccld_qty: "10",
      avg_prvs: "70100",
      rmn_qty: "0",
      sll_buy_dvsn_cd: "02",
    });
    expect(daily.json.output2).toMatchObject({ tot_ord_qty: "10", tot_ccld_qty: "10", tot_ccld_amt: "701000", prsm_tlex_smtl: "105" });
    const after = await h.get("/uapi/domestic-stock/v1/trading/inquire-psbl-order", { trId: "TTTC8908R", params: buyingPowerParams });
    const cash = (r: typeof before) => Number((r.json.output as Record<string, string>).ord_psbl_cash);
    expect(cash(before) - cash(after)).toBe(701_105);
  });

  it("sells part of a holding and answers the sellable quantity", async () => {
    await buy({ ORD_UNPR: "70100" });
    const sell = await h.post(ORDER_CASH, { trId: "TTTC0011U", body: orderBody({ ORD_QTY: "4", ORD_UNPR: "70000", SLL_TYPE: "01" }) });
    expect(sell.json.rt_cd).toBe("0");
    const sellable = await h.get("/uapi/domestic-stock/v1/trading/inquire-psbl-sell", {
      trId: "TTTC8408R",
      params: { CANO, ACNT_PRDT_CD: PRODUCT, PDNO: "005930" },
    });
    expect(sellable.json.output).toMatchObject({ cblc_qty: "6", ord_psbl_qty: "6", sll_qty: "4" });
  });
});

describe("refused orders leave the account unchanged", () => {
  const cases: Array<[string, () => Promise<{ status: number; json: Record<string, unknown> }>, string]> = [
    ["malformed JSON", () => h.post(ORDER_CASH, { trId: "TTTC0012U", rawBody: '{"CANO":' }), "OPSQ0001"],
    [
      "missing app key headers",
      () => h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody(), headers: { appkey: "", appsecret: "" } }),
      "EGW00103",
    ],
    ["a tr_id of another endpoint", () => h.post(ORDER_CASH, { trId: "TTTC8434R", body: orderBody() }), "OPSQ0002"],
    ["a missing tr_id", () => h.post(ORDER_CASH, { body: orderBody() }), "OPSQ0002"],
    ["a malformed account", () => buy({ CANO: "1234567" }), "OPSQ2001"],
    ["a missing quantity", () => buy({ ORD_QTY: "" }), "OPSQ2001"],
    ["a number instead of a string", () => h.post(ORDER_CASH, { trId: "TTTC0012U", body: { ...orderBody(), ORD_QTY: 10 } }), "OPSQ2001"],
    ["an unknown symbol", () => buy({ PDNO: "999999" }), "APBK0656"],
    ["a zero quantity", () => buy({ ORD_QTY: "0" }), "APBK0560"],
    ["a negative quantity", () => buy({ ORD_QTY: "-3" }), "APBK0560"],
    ["a price off the tick grid", () => buy({ ORD_UNPR: "70050" }), "APBK0506"],
    ["a price above the upper limit", () => buy({ ORD_UNPR: "91100" }), "APBK0510"],
    ["a buy over the orderable cash", () => buy({ ORD_QTY: "2000", ORD_UNPR: "70100" }), "APBK0952"],
    ["a sell of more than is held", () => h.post(ORDER_CASH, { trId: "TTTC0011U", body: orderBody() }), "APBK0986"],
    ["a paper venue other than KRX", () => buy({ EXCG_ID_DVSN_CD: "NXT" }, "VTTC0012U"), "OPSQ2001"],
  ];

  it.each(cases)("refuses %s", async (_name, send, msgCd) => {
    const before = await accountState();
    const res = await send();
    expect(res.json).toMatchObject({ rt_cd: "1", msg_cd: msgCd });
    expect(await accountState()).toEqual(before);
  });

  it("refuses orders outside the session with APBK0919 on real and 40580000 on paper", async () => {
    h.clock.set(fromKst("20261123", "200000"));
    const before = await accountState();
    expect((await buy()).json.msg_cd).toBe("APBK0919");
    expect((await buy({}, "VTTC0012U")).json).toMatchObject({ rt_cd: "1", msg_cd: "40580000", msg1: "모의투자 장종료 입니다." });
    expect(await accountState()).toEqual(before);
  });

  it("refuses orders in a halted stock with APBK0017", async () => {
    h.exchange.setHalted("005930", true);
    expect((await buy()).json.msg_cd).toBe("APBK0017");
  });
});

describe("modify and cancel", () => {
  const rvse = (extra: Record<string, string>) => ({
    CANO,
    ACNT_PRDT_CD: PRODUCT,
    KRX_FWDG_ORD_ORGNO: "91252",
    ORGN_ODNO: "0000000001",
    ORD_DVSN: "00",
    RVSE_CNCL_DVSN_CD: "02",
    ORD_QTY: "0",
    ORD_UNPR: "0",
    QTY_ALL_ORD_YN: "Y",
    EXCG_ID_DVSN_CD: "KRX",
    ...extra,
  });

  it("cancels a resting order with lower-case output keys and lists it no more", async () => {
    await buy({ ORD_UNPR: "69000" });
    const open = await h.get("/uapi/domestic-stock/v1/trading/inquire-psbl-rvsecncl", {
      trId: "TTTC0084R",
      params: { CANO, ACNT_PRDT_CD: PRODUCT, CTX_AREA_FK100: "", CTX_AREA_NK100: "", INQR_DVSN_1: "0", INQR_DVSN_2: "0" },
    });
    expect((open.json.output as Array<Record<string, string>>)[0]).toMatchObject({
      odno: "0000000001",
      psbl_qty: "10",
      ord_unpr: "69000",
      ord_gno_brno: "91252",
    });
    const res = await h.post(RVSECNCL, { trId: "TTTC0013U", body: rvse({}) });
    expect(res.json).toMatchObject({ rt_cd: "0", output: { krx_fwdg_ord_orgno: "91252", odno: "0000000001" } });
    expect((await accountState()).openOrders).toEqual([]);
  });

  it("answers APBK0690 when nothing is left to cancel and APBK0918 for an unknown order", async () => {
    await buy({ ORD_UNPR: "70100" });
    expect((await h.post(RVSECNCL, { trId: "VTTC0013U", body: rvse({}) })).json.msg_cd).toBe("APBK0690");
    expect((await h.post(RVSECNCL, { trId: "TTTC0013U", body: rvse({ ORGN_ODNO: "0000000099" }) })).json.msg_cd).toBe("APBK0918");
    expect((await h.post(RVSECNCL, { trId: "TTTC0013U", body: rvse({ KRX_FWDG_ORD_ORGNO: "00001" }) })).json.msg_cd).toBe("APBK0918");
  });

  it("modifies the price of a resting order", async () => {
    await buy({ ORD_UNPR: "69000" });
    const res = await h.post(RVSECNCL, { trId: "TTTC0013U", body: rvse({ RVSE_CNCL_DVSN_CD: "01", ORD_UNPR: "69500" }) });
    expect(res.json.rt_cd).toBe("0");
    expect((await accountState()).openOrders).toMatchObject([{ priceKrw: 69_500 }]);
  });

  it("places orders under the session's app key", async () => {
    await buy({ ORD_UNPR: "69000" });
    const orders = (await h.admin("GET", `/sim/orders?account=${ACCOUNT_ID}`)).json.orders as Array<{ appKey: string }>;
    expect(orders[0]?.appKey).toBe(APP_KEY);
  });
});
