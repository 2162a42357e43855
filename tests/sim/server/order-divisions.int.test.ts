/**
 * ORD_DVSN over the wire, as a client we did not write sends it: IOC/FOK/최유리 in continuous
 * trading, the off-hours divisions in their windows only (APBK0919 elsewhere), their codes and
 * names in the daily order inquiry, and paper's refusal of the divisions it does not offer.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import { singlePriceBand } from "../../../venue/krx.js";
import type { SimExchange } from "../../../sim/exchange.js";
import { ACCOUNT_ID, CANO, type Harness, ORDER_CASH, orderBody, PRODUCT, startRealHarness } from "./harness.js";

const DAILY = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld";
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

let h: Harness<SimExchange>;
beforeEach(async () => {
  h = await startRealHarness({}, 5);
  h.exchange.advanceTo(h.clock.now());
});
afterEach(async () => {
  await h.close();
});

const order = (extra: Record<string, string>, trId = "TTTC0012U") => h.post(ORDER_CASH, { trId, body: orderBody(extra) });
const at = (time: string) => {
  h.clock.set(fromKst("20261123", time));
  h.exchange.advanceTo(h.clock.now());
};

describe("ORD_DVSN on order-cash", () => {
  it("fills an IOC limit (11) up to the book and cancels the rest; reports 11 IOC지정가 in the daily orders", async () => {
    // LG화학: its best ask is within a fresh account's cash.
    const ask = h.exchange.book("051910")!.asks[0]!;
    const res = await order({ PDNO: "051910", ORD_DVSN: "11", ORD_UNPR: String(ask.priceKrw), ORD_QTY: String(ask.quantity + 3) });
    expect(res.json).toMatchObject({ rt_cd: "0" });
    const odno = (res.json.output as Record<string, string>).ODNO;
    expect(h.exchange.orders(ACCOUNT_ID, "20261123", "20261123").find((o) => o.orderNo === odno)).toMatchObject({
      type: "limit",
      condition: "IOC",
      filledQuantity: ask.quantity,
      cancelledQuantity: 3,
      status: "cancelled",
    });
    const daily = await h.get(DAILY, { trId: "TTTC0081R", params: dailyParams });
    expect(daily.json.output1).toEqual([
      expect.objectContaining({ odno, ord_dvsn_cd: "11", ord_dvsn_name: "IOC지정가", tot_ccld_qty: String(ask.quantity) }),
    ]);
  });

  it("prices 최유리 (03) and 최우선 (04) from the book, with ORD_UNPR 0", async () => {
    const book = h.exchange.book("005930")!;
    const best = await order({ ORD_DVSN: "03", ORD_UNPR: "0", ORD_QTY: "1" });
    const priority = await order({ ORD_DVSN: "04", ORD_UNPR: "0", ORD_QTY: "1" });
    const byNo = (res: typeof best) =>
      h.exchange.orders(ACCOUNT_ID, "20261123", "20261123").find((o) => o.orderNo === (res.json.output as Record<string, string>).ODNO);
    expect(byNo(best)).toMatchObject({ type: "best", priceKrw: book.asks[0]!.priceKrw, status: "filled" });
    expect(byNo(priority)).toMatchObject({ type: "priority", priceKrw: book.bids[0]!.priceKrw, status: "open" });
  });

  it("takes 05, 06 and 07 only in their windows, answering APBK0919 elsewhere", async () => {
    for (const division of ["05", "06", "07"]) {
      expect((await order({ ORD_DVSN: division, ORD_UNPR: "0" })).json).toMatchObject({
        rt_cd: "1",
        msg_cd: "APBK0919",
        msg1: "장운영시간이 아닙니다",
      });
    }
    at("153500");
    expect((await order({ ORD_DVSN: "06", ORD_UNPR: "0", ORD_QTY: "1" })).json).toMatchObject({ rt_cd: "0" });
    expect((await order({ ORD_DVSN: "00" })).json).toMatchObject({ msg_cd: "APBK0919" });
    at("160500");
    const s = h.exchange.symbol("005930")!;
    const band = singlePriceBand(s.lastKrw, s.lowerLimitKrw, s.upperLimitKrw);
    expect((await order({ ORD_DVSN: "07", ORD_UNPR: "0" })).json).toMatchObject({ msg_cd: "APBK0506" });
    expect((await order({ ORD_DVSN: "07", ORD_UNPR: String(band.upperKrw + 1_000) })).json).toMatchObject({ msg_cd: "APBK0510" });
    expect((await order({ ORD_DVSN: "07", ORD_UNPR: String(band.upperKrw), ORD_QTY: "2" })).json).toMatchObject({ rt_cd: "0" });
    expect((await order({ ORD_DVSN: "06", ORD_UNPR: "0" })).json).toMatchObject({ msg_cd: "APBK0919" });
    at("161000");
    expect(h.exchange.fills(ACCOUNT_ID, "20261123", "20261123").filter((f) => f.timeMs === fromKst("20261123", "161000"))).toHaveLength(1);
  });

  it("refuses unknown divisions, and on paper the off-hours and IOC/FOK divisions, with OPSQ2001", async () => {
    expect((await order({ ORD_DVSN: "99" })).json).toMatchObject({ rt_cd: "1", msg_cd: "OPSQ2001" });
    for (const division of ["05", "07", "11", "16"]) {
      expect((await order({ ORD_DVSN: division }, "VTTC0012U")).json).toMatchObject({ rt_cd: "1", msg_cd: "OPSQ2001" });
    }
    expect((await order({ ORD_DVSN: "03", ORD_UNPR: "0", ORD_QTY: "1" }, "VTTC0012U")).json).toMatchObject({ rt_cd: "0" });
  });
});
