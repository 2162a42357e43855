import { describe, expect, it } from "vitest";
import { fieldIndex, H0STASP0_FIELDS, H0STCNI0_FIELDS, H0STCNT0_FIELDS, H0STPGM0_FIELDS } from "../../../broker/kis/realtime-layouts.js";
import type { BookSnapshot, SimFill, SimOrder, SymbolState, TradePrint } from "../../../sim/exchange.js";
import { bookRecord, dataFrame, noticeRecord, programRecord, tradeRecord } from "../../../sim/wire/realtime-records.js";
import { at, DAY, makeFixture } from "../market/sim-fixture.js";

const field = (fields: readonly string[], record: string, name: string) => record.split("^")[fieldIndex(fields, name)];

function makeState(overrides: Partial<SymbolState> = {}): SymbolState {
  return {
    info: { code: "005930", name: "삼성전자", market: "KOSPI", previousCloseKrw: 70_000, sharesOutstanding: 5_000_000 },
    basePriceKrw: 70_000,
    upperLimitKrw: 91_000,
    lowerLimitKrw: 49_000,
    openKrw: 70_100,
    highKrw: 71_000,
    lowKrw: 69_800,
    lastKrw: 70_500,
    volume: 1_000,
    tradeValueKrw: 70_300_000,
    buyVolume: 600,
    sellVolume: 400,
    buyCount: 30,
    sellCount: 20,
    previousDayVolume: 2_000,
    halted: false,
    lastTradeMs: at("101502"),
    openMs: at("090000"),
    highMs: at("093000"),
    lowMs: at("091500"),
    previousDaySameTimeVolume: 800,
    ...overrides,
  };
}

function makeBook(timeMs = at("101502")): BookSnapshot {
  return {
    code: "005930",
    timeMs,
    asks: Array.from({ length: 10 }, (_, i) => ({ priceKrw: 70_600 + i * 100, quantity: 10 * (i + 1) })),
    bids: Array.from({ length: 10 }, (_, i) => ({ priceKrw: 70_500 - i * 100, quantity: 20 * (i + 1) })),
    totalAskQuantity: 550,
    totalBidQuantity: 1_100,
  };
}

const trade: TradePrint = { code: "005930", timeMs: at("101502") + 123, priceKrw: 70_500, quantity: 7, aggressor: "buy" };

describe("tradeRecord (H0STCNT0)", () => {
  const record = tradeRecord({ trade, state: makeState(), book: makeBook() });
  const get = (name: string) => field(H0STCNT0_FIELDS, record, name);

  it("has exactly 46 fields", () => {
    expect(record.split("^")).toHaveLength(46);
  });

  it.each([
    ["MKSC_SHRN_ISCD", "005930"],
    ["STCK_CNTG_HOUR", "101502"],
    ["STCK_PRPR", "70500"],
    ["PRDY_VRSS_SIGN", "2"],
    ["PRDY_VRSS", "500"],
    ["PRDY_CTRT", "0.71"],
    ["WGHN_AVRG_STCK_PRC", "70300.00"],
    ["STCK_OPRC", "70100"],
    ["STCK_HGPR", "71000"],
    ["STCK_LWPR", "69800"],
    ["ASKP1", "70600"],
    ["BIDP1", "70500"],
    ["CNTG_VOL", "7"],
    ["ACML_VOL", "1000"],
    ["ACML_TR_PBMN", "70300000"],
    ["SELN_CNTG_CSNU", "20"],
    ["SHNU_CNTG_CSNU", "30"],
    ["NTBY_CNTG_CSNU", "10"],
    ["CTTR", "150.00"],
    ["SELN_CNTG_SMTN", "400"],
    ["SHNU_CNTG_SMTN", "600"],
    ["CCLD_DVSN", "1"],
    ["SHNU_RATE", "60.00"],
    ["PRDY_VOL_VRSS_ACML_VOL_RATE", "50.00"],
    ["OPRC_HOUR", "090000"],
    ["OPRC_VRSS_PRPR_SIGN", "2"],
    ["OPRC_VRSS_PRPR", "400"],
    ["HGPR_HOUR", "093000"],
    ["HGPR_VRSS_PRPR_SIGN", "5"],
    ["HGPR_VRSS_PRPR", "-500"],
    ["LWPR_HOUR", "091500"],
    ["LWPR_VRSS_PRPR_SIGN", "2"],
    ["LWPR_VRSS_PRPR", "700"],
    ["BSOP_DATE", DAY],
    ["NEW_MKOP_CLS_CODE", "20"],
    ["TRHT_YN", "N"],
    ["ASKP_RSQN1", "10"],
    ["BIDP_RSQN1", "20"],
    ["TOTAL_ASKP_RSQN", "550"],
    ["TOTAL_BIDP_RSQN", "1100"],
    ["VOL_TNRT", "0.02"],
    ["PRDY_SMNS_HOUR_ACML_VOL", "800"],
    ["PRDY_SMNS_HOUR_ACML_VOL_RATE", "125.00"],
    ["HOUR_CLS_CODE", "0"],
    ["VI_STND_PRC", "70100"],
  ])("writes %s = %s", (name, expected) => {
    expect(get(name)).toBe(expected);
  });

  it("marks a seller-initiated trade at the lower limit with sign 4 and a negative change", () => {
    const down = tradeRecord({
      trade: { ...trade, priceKrw: 49_000, aggressor: "sell" },
      state: makeState({ lastKrw: 49_000, lowKrw: 49_000, halted: true }),
      book: makeBook(),
    });
    expect(field(H0STCNT0_FIELDS, down, "PRDY_VRSS_SIGN")).toBe("4");
    expect(field(H0STCNT0_FIELDS, down, "PRDY_VRSS")).toBe("-21000");
    expect(field(H0STCNT0_FIELDS, down, "PRDY_CTRT")).toBe("-30.00");
    expect(field(H0STCNT0_FIELDS, down, "CCLD_DVSN")).toBe("5");
    expect(field(H0STCNT0_FIELDS, down, "TRHT_YN")).toBe("Y");
  });

  it("formats every trade of a simulated session consistently with the state it carries", () => {
    const f = makeFixture();
    const checked: string[][] = [];
    f.exchange.on((e) => {
      if (e.kind !== "trade" || e.trade.code !== "035720") return;
      const fields = tradeRecord(e).split("^");
      if (fields.length !== 46 || fields[fieldIndex(H0STCNT0_FIELDS, "ACML_VOL")] !== String(e.state.volume)) checked.push(fields);
      if (fields[fieldIndex(H0STCNT0_FIELDS, "STCK_PRPR")] !== String(e.trade.priceKrw)) checked.push(fields);
    });
    f.goTo("093000");
    expect(checked).toEqual([]);
  });
});

describe("bookRecord (H0STASP0)", () => {
  it("writes 59 fields with the ten levels in KIS order", () => {
    const record = bookRecord(makeBook(), makeState());
    const get = (name: string) => field(H0STASP0_FIELDS, record, name);
    expect(record.split("^")).toHaveLength(59);
    expect([get("BSOP_HOUR"), get("HOUR_CLS_CODE"), get("ASKP1"), get("ASKP10"), get("BIDP1"), get("BIDP10")]).toEqual([
      "101502",
      "0",
      "70600",
      "71500",
      "70500",
      "69600",
    ]);
    expect([get("ASKP_RSQN1"), get("ASKP_RSQN10"), get("BIDP_RSQN10"), get("TOTAL_ASKP_RSQN"), get("TOTAL_BIDP_RSQN")]).toEqual([
      "10",
      "100",
      "200",
      "550",
      "1100",
    ]);
    expect([get("ANTC_CNPR"), get("ACML_VOL")]).toEqual(["0", "1000"]);
  });

  it("shows the indicative price during the pre-open auction", () => {
    const record = bookRecord(makeBook(at("084500")), makeState({ lastKrw: 70_700 }));
    const get = (name: string) => field(H0STASP0_FIELDS, record, name);
    expect([get("HOUR_CLS_CODE"), get("ANTC_CNPR"), get("ANTC_CNTG_VRSS"), get("ANTC_CNTG_VRSS_SIGN"), get("ANTC_CNTG_PRDY_CTRT")]).toEqual(
      ["B", "70700", "700", "2", "1.00"],
    );
  });
});

describe("programRecord (H0STPGM0)", () => {
  it("writes 11 fields with net volume and value", () => {
    const record = programRecord({
      code: "005930",
      timeMs: at("101500"),
      sellVolume: 300,
      sellValueKrw: 21_000_000,
      buyVolume: 500,
      buyValueKrw: 35_100_000,
    });
    expect(record.split("^")).toHaveLength(11);
    expect(field(H0STPGM0_FIELDS, record, "STCK_CNTG_HOUR")).toBe("101500");
    expect(field(H0STPGM0_FIELDS, record, "NTBY_CNQN")).toBe("200");
    expect(field(H0STPGM0_FIELDS, record, "NTBY_TR_PBMN")).toBe("14100000");
  });
});

describe("noticeRecord (H0STCNI0/9)", () => {
  const order: SimOrder = {
    accountId: "5012345601",
    orderNo: "0000000042",
    orgNo: "91252",
    code: "005930",
    side: "buy",
    type: "limit",
    quantity: 10,
    priceKrw: 70_000,
    filledQuantity: 3,
    filledAmountKrw: 210_000,
    cancelledQuantity: 0,
    rejectedQuantity: 0,
    status: "open",
    placedMs: at("100000"),
    appKey: "app",
  };
  const base = { htsId: "hts1", accountNo10: "5012345601", accountName: "홍길동", symbolName: "삼성전자" };
  const get = (record: string, name: string) => field(H0STCNI0_FIELDS, record, name);

  it("writes a fill with CNTG_YN 2 and the fill's quantity and price", () => {
    const fill: SimFill = {
      accountId: "5012345601",
      orderNo: "0000000042",
      code: "005930",
      side: "buy",
      quantity: 3,
      priceKrw: 69_900,
      timeMs: at("100512"),
      feeKrw: 31,
      taxKrw: 0,
    };
    const record = noticeRecord({ ...base, event: { kind: "fill", order, fill } });
    expect(record.split("^")).toHaveLength(26);
    expect(
      [
        "CUST_ID",
        "ACNT_NO",
        "ODER_NO",
        "SELN_BYOV_CLS",
        "CNTG_YN",
        "CNTG_QTY",
        "CNTG_UNPR",
        "STCK_CNTG_HOUR",
        "ODER_QTY",
        "BRNC_NO",
        "CNTG_ISNM40",
        "ODER_PRC",
      ].map((n) => get(record, n)),
    ).toEqual(["hts1", "5012345601", "0000000042", "02", "2", "3", "69900", "100512", "10", "91252", "삼성전자", "70000"]);
  });

  it.each([
    ["accepted", undefined, "0", "0", "1"],
    ["modified", undefined, "1", "0", "2"],
    ["cancelled", undefined, "2", "0", "2"],
    ["cancelled", "expired", "2", "0", "3"],
    ["rejected", undefined, "0", "1", "1"],
  ] as const)("acknowledges %s (%s) with RCTF_CLS %s, RFUS_YN %s, ACPT_YN %s", (action, cause, rctf, rfus, acpt) => {
    const event = {
      kind: "order" as const,
      order: { ...order, side: "sell" as const, type: "market" as const, originalOrderNo: "0000000041" },
      action,
      ...(cause ? { cause } : {}),
    };
    const record = noticeRecord({ ...base, event });
    expect(
      ["CNTG_YN", "RCTF_CLS", "RFUS_YN", "ACPT_YN", "SELN_BYOV_CLS", "ODER_KIND", "OODER_NO", "CNTG_QTY", "STCK_CNTG_HOUR"].map((n) =>
        get(record, n),
      ),
    ).toEqual(["1", rctf, rfus, acpt, "01", "01", "0000000041", "10", "100000"]);
  });
});

describe("dataFrame", () => {
  it("prefixes the records with the plain flag, the tr_id and a 3-digit count", () => {
    expect(dataFrame("H0STCNT0", ["a^b", "c^d"])).toBe("0|H0STCNT0|002|a^b^c^d");
    expect(
      dataFrame(
        "H0STPGM0",
        Array.from({ length: 12 }, () => "x"),
      ),
    ).toMatch(/^0\|H0STPGM0\|012\|x(\^x){11}$/);
  });
});
