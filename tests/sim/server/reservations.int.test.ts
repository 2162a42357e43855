/**
 * Reserved orders over the wire: taken only outside 07:30–15:40, listed, modified and cancelled
 * while waiting, and sent as an ordinary order when the next session's order entry opens.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import { ENDPOINTS } from "../../../broker/kis/endpoints.js";
import { ACCOUNT } from "./endpoint-cases.js";
import { ACCOUNT_ID, startHarness, type Harness } from "./harness.js";

const RESERVE = ENDPOINTS.reserveOrder.path;
const CHANGE = ENDPOINTS.reservedOrderCancel.path;
const LIST = ENDPOINTS.reservedOrders.path;
const order = (extra: Record<string, string> = {}) => ({
  ...ACCOUNT,
  PDNO: "005930",
  ORD_QTY: "3",
  ORD_UNPR: "70000",
  SLL_BUY_DVSN_CD: "02",
  ORD_DVSN_CD: "00",
  ORD_OBJT_CBLC_DVSN_CD: "10",
  ...extra,
});
const listParams = {
  ...ACCOUNT,
  RSVN_ORD_ORD_DT: "20261101",
  RSVN_ORD_END_DT: "20261130",
  TMNL_MDIA_KIND_CD: "00",
  PRCS_DVSN_CD: "0",
  CNCL_YN: "Y",
  RSVN_ORD_SEQ: "",
  PDNO: "",
  SLL_BUY_DVSN_CD: "",
  CTX_AREA_FK200: "",
  CTX_AREA_NK200: "",
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const list = async () => (await h.get(LIST, { trId: "CTSC0004R", params: listParams })).json.output as Array<Record<string, string>>;

describe("reserved orders", () => {
  it("refuses a reservation during the day with APBK0919", async () => {
    const res = await h.post(RESERVE, { trId: "CTSC0008U", body: order() });
    expect(res.json).toMatchObject({ rt_cd: "1", msg_cd: "APBK0919" });
    expect(await list()).toEqual([]);
  });

  it("takes one in the evening, modifies and cancels it while it waits", async () => {
    h.clock.set(fromKst("20261123", "163000"));
    const first = await h.post(RESERVE, { trId: "CTSC0008U", body: order() });
    expect(first.json).toMatchObject({ rt_cd: "0", output: { RSVN_ORD_SEQ: "1" } });
    const key = { ...ACCOUNT, RSVN_ORD_SEQ: "1", RSVN_ORD_ORGNO: "00950", RSVN_ORD_ORD_DT: "20261124" };
    const modified = await h.post(CHANGE, { trId: "CTSC0013U", body: { ...order({ ORD_QTY: "5", ORD_UNPR: "69000" }), ...key } });
    expect(modified.json).toMatchObject({ rt_cd: "0", output: { NRML_PRCS_YN: "Y" } });
    expect(await list()).toEqual([
      expect.objectContaining({
        rsvn_ord_seq: "1",
        ord_rsvn_qty: "5",
        ord_rsvn_unpr: "69000",
        rsvn_ord_ord_dt: "20261124",
        prcs_rslt: "미처리",
      }),
    ]);
    expect((await h.post(CHANGE, { trId: "CTSC0009U", body: key })).json.rt_cd).toBe("0");
    expect(await list()).toEqual([expect.objectContaining({ rsvn_ord_seq: "1", prcs_rslt: "취소", cncl_ord_dt: "20261123" })]);
    expect((await h.post(CHANGE, { trId: "CTSC0009U", body: key })).json.msg_cd).toBe("APBK0690");
  });

  it("sends the reservation as an order when the next session's order entry opens", async () => {
    h.clock.set(fromKst("20261123", "200000"));
    await h.post(RESERVE, { trId: "CTSC0008U", body: order() });
    h.clock.set(fromKst("20261124", "082959"));
    expect(await list()).toEqual([expect.objectContaining({ prcs_rslt: "미처리", odno: "" })]);
    h.clock.set(fromKst("20261124", "083000"));
    const [row] = await list();
    const placed = h.exchange.orders(ACCOUNT_ID, "20261124", "20261124");
    expect(placed).toEqual([expect.objectContaining({ code: "005930", side: "buy", quantity: 3, priceKrw: 70_000 })]);
    expect(row).toMatchObject({ prcs_rslt: "처리", odno: placed[0]!.orderNo, ord_tmd: "083000" });
  });

  it("is not offered on paper", async () => {
    expect((await h.post(RESERVE, { trId: "VTSC0008U", body: order() })).json.msg_cd).toBe("OPSQ0002");
  });
});

describe("older order tr_ids KIS still accepts", () => {
  it.each([
    ["TTTC0802U", "buy"],
    ["VTTC0801U", "sell"],
  ])("%s places a %s on the same handler and echoes its tr_id", async (trId, side) => {
    if (side === "sell")
      await h.post(ENDPOINTS.orderCashBuy.path, {
        trId: "VTTC0012U",
        body: {
          ...ACCOUNT,
          PDNO: "005930",
          ORD_DVSN: "01",
          ORD_QTY: "2",
          ORD_UNPR: "0",
          EXCG_ID_DVSN_CD: "KRX",
          SLL_TYPE: "",
          CNDT_PRIC: "",
        },
      });
    const res = await h.post(ENDPOINTS.orderCashBuy.path, {
      trId,
      body: {
        ...ACCOUNT,
        PDNO: "005930",
        ORD_DVSN: "01",
        ORD_QTY: "1",
        ORD_UNPR: "0",
        EXCG_ID_DVSN_CD: "KRX",
        SLL_TYPE: "",
        CNDT_PRIC: "",
      },
    });
    expect(res.json).toMatchObject({ rt_cd: "0", output: { ODNO: expect.stringMatching(/^\d{10}$/) as unknown } });
    expect(res.headers.get("tr_id")).toBe(trId);
    expect(h.exchange.orders(ACCOUNT_ID, "20261123", "20261123")[0]).toMatchObject({ side });
  });

  it("cancels through TTTC0803U and lists through TTTC8036R and TTTC8001R", async () => {
    const placed = await h.post(ENDPOINTS.orderCashBuy.path, {
      trId: "TTTC0802U",
      body: {
        ...ACCOUNT,
        PDNO: "005930",
        ORD_DVSN: "00",
        ORD_QTY: "1",
        ORD_UNPR: "49000",
        EXCG_ID_DVSN_CD: "KRX",
        SLL_TYPE: "",
        CNDT_PRIC: "",
      },
    });
    const { ODNO, KRX_FWDG_ORD_ORGNO } = placed.json.output as Record<string, string>;
    const open = await h.get(ENDPOINTS.openOrders.path, {
      trId: "TTTC8036R",
      params: { ...ACCOUNT, CTX_AREA_FK100: "", CTX_AREA_NK100: "", INQR_DVSN_1: "0", INQR_DVSN_2: "0" },
    });
    expect(open.json.output).toEqual([expect.objectContaining({ odno: ODNO })]);
    const cancel = await h.post(ENDPOINTS.orderModifyCancel.path, {
      trId: "TTTC0803U",
      body: {
        ...ACCOUNT,
        KRX_FWDG_ORD_ORGNO: KRX_FWDG_ORD_ORGNO!,
        ORGN_ODNO: ODNO!,
        ORD_DVSN: "00",
        RVSE_CNCL_DVSN_CD: "02",
        ORD_QTY: "0",
        ORD_UNPR: "0",
        QTY_ALL_ORD_YN: "Y",
      },
    });
    expect(cancel.json.rt_cd).toBe("0");
    const daily = await h.get(ENDPOINTS.dailyOrdersRecent.path, {
      trId: "TTTC8001R",
      params: {
        ...ACCOUNT,
        CTX_AREA_FK100: "",
        CTX_AREA_NK100: "",
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
      },
    });
    expect(daily.json.output1).toEqual(expect.arrayContaining([expect.objectContaining({ odno: ODNO, pdno: "005930" })]));
    expect(h.exchange.openOrders(ACCOUNT_ID)).toEqual([]);
  });
});
