import { describe, expect, it } from "vitest";
import { fixture, makeHarness, reply } from "../../fakes/fake-kis-http.js";

const Q = "/uapi/domestic-stock/v1/quotations";

function dailyRows(count: number, firstDay: Date): Array<Record<string, string>> {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(firstDay.getTime() - i * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
    return {
      stck_bsop_date: day,
      stck_oprc: "100",
      stck_hgpr: "110",
      stck_lwpr: "90",
      stck_clpr: "105",
      acml_vol: "1",
      acml_tr_pbmn: "105",
    };
  });
}

function minuteRows(count: number, fromMinute: number): Array<Record<string, string>> {
  return Array.from({ length: count }, (_, i) => {
    const minute = fromMinute - i;
    const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}${String(minute % 60).padStart(2, "0")}00`;
    return {
      stck_bsop_date: "20261120",
      stck_cntg_hour: time,
      stck_prpr: "100",
      stck_oprc: "100",
      stck_hgpr: "100",
      stck_lwpr: "100",
      cntg_vol: "1",
      acml_tr_pbmn: "100",
    };
  });
}

const ok = (fields: Record<string, unknown>) => ({ rt_cd: "0", msg_cd: "MCA00000", msg1: "정상처리 되었습니다.", ...fields });

describe("KisClient market data", () => {
  it("parses a quote into integer KRW with limits, tick and lot size", async () => {
    const { client, server, clock } = makeHarness("real");
    server.on(`${Q}/inquire-price`, undefined, reply(fixture("quote")));

    const quote = await client.getQuote("005930");

    expect(quote).toEqual({
      symbol: "005930",
      name: "삼성전자",
      priceKrw: 71500,
      changeKrw: -500,
      changeRate: -0.69,
      openKrw: 72000,
      highKrw: 72300,
      lowKrw: 71200,
      volume: 15073456,
      tradeValueKrw: 1077829000000,
      basePriceKrw: 72000,
      upperLimitKrw: 93600,
      lowerLimitKrw: 50400,
      tickSizeKrw: 100,
      lotSize: 1,
      halted: false,
      market: "KOSPI",
      receivedAtMs: clock.now(),
    });
  });

  it("marks a halted stock and defaults an empty lot size to 1", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/inquire-price`, undefined, reply(fixture("quote-halted")));

    const quote = await client.getQuote("000020");

    expect(quote).toMatchObject({ halted: true, market: "KOSDAQ", lotSize: 1 });
  });

  it("rejects a malformed symbol before calling KIS", async () => {
    const { client, server } = makeHarness("real");

    await expect(client.getQuote("5930")).rejects.toMatchObject({ code: "DATA_INVALID" });
    expect(server.requests).toHaveLength(0);
  });

  it("parses recent ticks newest first", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/inquire-ccnl`, undefined, reply(fixture("recent-ticks")));

    const ticks = await client.getRecentTicks("005930");

    expect(ticks).toEqual([
      { time: "101503", priceKrw: 71500, volume: 120, changeRate: -0.69, buyPower: 98.75 },
      { time: "101502", priceKrw: 71600, volume: 35, changeRate: -0.56, buyPower: 98.8 },
    ]);
  });

  it("returns daily bars oldest first and drops empty rows", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/inquire-daily-itemchartprice`, undefined, reply(fixture("daily-bars")));

    const bars = await client.getDailyBars("005930", { from: "20261101", to: "20261120" });

    expect(bars.map((b) => b.date)).toEqual(["20261119", "20261120"]);
    expect(bars[1]).toEqual({
      date: "20261120",
      openKrw: 72000,
      highKrw: 72300,
      lowKrw: 71200,
      closeKrw: 71500,
      volume: 15073456,
      tradeValueKrw: 15073456 * 71500,
    });
    expect(server.requests.at(-1)?.query).toMatchObject({
      FID_INPUT_DATE_1: "20261101",
      FID_INPUT_DATE_2: "20261120",
      FID_PERIOD_DIV_CODE: "D",
      FID_ORG_ADJ_PRC: "0",
    });
  });

  it("pages daily bars back by date, 100 per call", async () => {
    const { client, server } = makeHarness("real");
    const first = dailyRows(100, new Date("2026-11-20"));
    const oldest = first.at(-1)?.stck_bsop_date ?? "";
    server.on(
      `${Q}/inquire-daily-itemchartprice`,
      undefined,
      reply(ok({ output2: first })),
      reply(ok({ output2: dailyRows(20, new Date("2026-08-12")) })),
    );

    const bars = await client.getDailyBars("005930", { from: "20260101", to: "20261120" });

    const calls = server.requestsTo(`${Q}/inquire-daily-itemchartprice`);
    expect(calls).toHaveLength(2);
    expect(oldest).toBe("20260813");
    expect(calls[1]?.query?.["FID_INPUT_DATE_2"]).toBe("20260812");
    expect(bars).toHaveLength(120);
    expect((bars[0]?.date ?? "") < (bars[119]?.date ?? "")).toBe(true);
  });

  it("pages minute bars back a minute before the oldest, up to now by default", async () => {
    const { client, server } = makeHarness("real");
    server.on(
      `${Q}/inquire-time-itemchartprice`,
      undefined,
      reply(ok({ output2: minuteRows(30, 10 * 60 + 15) })),
      reply(ok({ output2: minuteRows(10, 9 * 60 + 45) })),
    );

    const bars = await client.getMinuteBars("005930");

    const calls = server.requestsTo(`${Q}/inquire-time-itemchartprice`);
    expect(calls.map((c) => c.query?.["FID_INPUT_HOUR_1"])).toEqual(["101500", "094500"]);
    expect(calls[0]?.query).toMatchObject({ FID_PW_DATA_INCU_YN: "N", FID_ETC_CLS_CODE: "" });
    expect(bars).toHaveLength(40);
    expect(bars[0]?.time).toBe("093600");
    expect(bars.at(-1)?.time).toBe("101500");
  });

  it("returns only the latest minute bars when given a limit", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/inquire-time-itemchartprice`, undefined, reply(fixture("minute-bars")));

    const bars = await client.getMinuteBars("005930", { until: "101500", limit: 1 });

    expect(bars).toEqual([
      {
        date: "20261120",
        time: "101500",
        openKrw: 71600,
        highKrw: 71600,
        lowKrw: 71400,
        closeKrw: 71500,
        volume: 5230,
        tradeValueKrw: 374000000,
      },
    ]);
  });

  it("parses the volume ranking with every documented parameter sent", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/volume-rank`, undefined, reply(fixture("volume-ranking")));

    const ranking = await client.getVolumeRanking({ limit: 1 });

    expect(ranking).toEqual([
      {
        rank: 1,
        symbol: "005930",
        name: "삼성전자",
        priceKrw: 71500,
        changeRate: -0.69,
        volume: 15073456,
        tradeValueKrw: 1077829000000,
        volumeIncreaseRate: 7.67,
      },
    ]);
    expect(Object.keys(server.requests.at(-1)?.query ?? {})).toHaveLength(11);
    expect(server.requests.at(-1)?.query).toMatchObject({ FID_COND_SCR_DIV_CODE: "20171", FID_INPUT_PRICE_1: "", FID_VOL_CNT: "" });
  });

  it("asks the change ranking for fallers in lower-case parameters", async () => {
    const { client, server } = makeHarness("real");
    server.on("/uapi/domestic-stock/v1/ranking/fluctuation", "FHPST01700000", reply(fixture("change-ranking")));

    const ranking = await client.getChangeRanking({ direction: "down" });

    expect(ranking).toEqual([{ rank: 1, symbol: "086520", name: "에코프로", priceKrw: 130000, changeRate: 30, volume: 2500000 }]);
    expect(server.requests.at(-1)?.query).toMatchObject({
      fid_rank_sort_cls_code: "1",
      fid_cond_scr_div_code: "20170",
      fid_rsfl_rate1: "",
    });
  });

  it("parses the KOSPI index", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/inquire-index-price`, undefined, reply(fixture("index")));

    const index = await client.getIndex();

    expect(index).toEqual({
      code: "0001",
      value: 2612.35,
      change: -12.4,
      changeRate: -0.47,
      volume: 412345678,
      tradeValueKrw: 9876543,
      advancers: 312,
      decliners: 534,
      unchanged: 88,
    });
    expect(server.requests.at(-1)?.query).toEqual({ FID_COND_MRKT_DIV_CODE: "U", FID_INPUT_ISCD: "0001" });
  });

  it("parses investor flows and drops today's row until it is filled after the close", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/inquire-investor`, undefined, reply(fixture("investor-flows")));

    const flows = await client.getInvestorFlows("005930");

    expect(flows.map((f) => f.date)).toEqual(["20261119", "20261118"]);
    expect(flows[0]).toEqual({
      date: "20261119",
      closeKrw: 72000,
      individualNetQuantity: -1500000,
      foreignNetQuantity: 1200000,
      institutionNetQuantity: 300000,
      individualNetValueKrw: -105000000,
      foreignNetValueKrw: 84000000,
      institutionNetValueKrw: 21000000,
    });
  });

  it("parses program trades", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/program-trade-by-stock`, undefined, reply(fixture("program-trades")));

    expect(await client.getProgramTrades("005930")).toEqual([
      { time: "101500", priceKrw: 71500, sellVolume: 1200000, buyVolume: 1350000, netVolume: 150000, netValueKrw: 10725000000 },
    ]);
  });

  it("pages the holiday calendar with CTX_AREA_FK/NK", async () => {
    const { client, server } = makeHarness("real");
    server.on(`${Q}/chk-holiday`, undefined, reply(fixture("holidays"), { trCont: "M" }), reply(fixture("holidays"), { trCont: "D" }));

    const days = await client.getTradingCalendar("20261120");

    const calls = server.requestsTo(`${Q}/chk-holiday`);
    expect(calls.map((c) => c.query)).toEqual([
      { BASS_DT: "20261120", CTX_AREA_FK: "", CTX_AREA_NK: "" },
      { BASS_DT: "20261120", CTX_AREA_FK: "20261121", CTX_AREA_NK: "20261121" },
    ]);
    expect(days.slice(0, 2)).toEqual([
      { date: "20261120", isOpen: true, isBusinessDay: true, isSettlementDay: true },
      { date: "20261121", isOpen: false, isBusinessDay: false, isSettlementDay: false },
    ]);
  });
});
