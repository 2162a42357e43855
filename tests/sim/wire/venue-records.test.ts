/**
 * The NXT, integrated, expected-price, market-status and index records: their layouts column by
 * column against the official samples' lists, their values against the state they describe, and
 * multi-record frames as the official parser cuts them (count × fields, `^` between records).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FrameDecoder } from "../../../broker/kis/frames.js";
import {
  fieldIndex,
  H0STANC0_FIELDS,
  H0STMKO0_FIELDS,
  H0UNASP0_FIELDS,
  H0UNCNT0_FIELDS,
  H0UPCNT0_FIELDS,
  LAYOUTS,
} from "../../../broker/kis/realtime-layouts.js";
import { toTradeTick } from "../../../broker/kis/realtime-records.js";
import type { ExchangeEvent, IndexState, TradePrint } from "../../../sim/exchange.js";
import { integratedBook, integratedState } from "../../../sim/market/nxt-venue.js";
import { bookRecord, dataFrame, expectedRecord, tradeRecord } from "../../../sim/wire/realtime-records.js";
import { indexRecord, marketStatusRecord } from "../../../sim/wire/status-records.js";
import { at, makeFixture } from "../market/sim-fixture.js";

const OFFICIAL = JSON.parse(readFileSync(new URL("../../fixtures/kis/ws-columns.json", import.meta.url), "utf8")) as Record<
  string,
  string[]
>;

describe("layouts against the official samples' column lists", () => {
  it.each(["H0NXCNT0", "H0UNCNT0", "H0NXASP0", "H0UNASP0", "H0STANC0", "H0STMKO0", "H0UPCNT0"] as const)(
    "%s matches column for column",
    (trId) => {
      expect(LAYOUTS[trId].map((f) => f.toUpperCase())).toEqual(OFFICIAL[trId]!.map((f) => f.toUpperCase()));
    },
  );
});

/** A market day to 10:30 with every KRX and NXT trade event kept. */
function tradedDay() {
  const f = makeFixture();
  const krx: Array<Extract<ExchangeEvent, { kind: "trade" }>> = [];
  const nxt: Array<Extract<ExchangeEvent, { kind: "nxtTrade" }>> = [];
  const order: Array<(typeof krx)[number] | (typeof nxt)[number]> = [];
  f.exchange.on((e) => {
    if (e.kind === "trade") {
      krx.push({ ...e, state: { ...e.state } });
      order.push(krx.at(-1)!);
    }
    if (e.kind === "nxtTrade") {
      nxt.push({ ...e, state: { ...e.state } });
      order.push(nxt.at(-1)!);
    }
  });
  f.goTo("103000");
  return { f, krx, nxt, order };
}

describe("NXT follows KRX", () => {
  it("trades a seeded share of KRX's prints, at most a tick away, in the same seconds, the same way for the same seed", () => {
    const a = tradedDay();
    const b = tradedDay();
    const code = "005930";
    const krx = a.krx.filter((e) => e.trade.code === code);
    const nxt = a.nxt.filter((e) => e.trade.code === code);
    expect(nxt.length).toBeGreaterThan(krx.length * 0.08);
    expect(nxt.length).toBeLessThan(krx.length * 0.25);
    // Each NXT print comes right after the KRX print it follows.
    for (const e of nxt) {
      const follows = a.order[a.order.indexOf(e) - 1];
      if (follows?.kind !== "trade") throw new Error("an NXT print follows a KRX print");
      expect(follows.trade.code).toBe(code);
      expect(e.trade.timeMs).toBe(follows.trade.timeMs);
      expect(Math.abs(e.trade.priceKrw - follows.trade.priceKrw)).toBeLessThanOrEqual(100);
    }
    expect(b.nxt.map((e) => e.trade)).toEqual(a.nxt.map((e) => e.trade));
    const last = a.f.exchange.nxt(code)!;
    expect(last.state.volume).toBe(nxt.reduce((n, e) => n + e.trade.quantity, 0));
  });

  it("integrates the venues: volumes and values add up, the high and low span both, the last price is the latest print's", () => {
    const { f } = tradedDay();
    const krx = f.exchange.symbol("005930")!;
    const nxt = f.exchange.nxt("005930")!;
    const un = integratedState(krx, nxt.state);
    expect(un.volume).toBe(krx.volume + nxt.state.volume);
    expect(un.tradeValueKrw).toBe(krx.tradeValueKrw + nxt.state.tradeValueKrw);
    expect(un.highKrw).toBe(Math.max(krx.highKrw, nxt.state.highKrw));
    expect(un.lowKrw).toBe(Math.min(krx.lowKrw, nxt.state.lowKrw));
    expect(un.lastKrw).toBe(nxt.state.lastTradeMs > krx.lastTradeMs ? nxt.state.lastKrw : krx.lastKrw);
    const book = integratedBook(f.exchange.book("005930")!, nxt.book);
    expect(book.totalAskQuantity).toBe(book.asks.reduce((n, l) => n + l.quantity, 0));
  });
});

describe("records and multi-record frames", () => {
  it("packs integrated trades as count × 46 fields that the client's decoder reads back record by record", () => {
    const { f, nxt } = tradedDay();
    const krxState = f.exchange.symbol("005930")!;
    const venue = f.exchange.nxt("005930")!;
    const state = integratedState(krxState, venue.state);
    const book = integratedBook(f.exchange.book("005930")!, venue.book);
    const trades = nxt
      .filter((e) => e.trade.code === "005930")
      .slice(-3)
      .map((e) => e.trade);
    const frame = dataFrame(
      "H0UNCNT0",
      trades.map((trade) => tradeRecord({ trade, state, book })),
    );
    const [enc, trId, count, payload] = frame.split("|");
    expect([enc, trId, count]).toEqual(["0", "H0UNCNT0", "003"]);
    expect(payload!.split("^")).toHaveLength(3 * H0UNCNT0_FIELDS.length);
    const decoded = new FrameDecoder().decode(frame);
    if (decoded.kind !== "data") throw new Error(`expected a data frame, got ${decoded.kind}`);
    expect(decoded.batch.count).toBe(3);
    const ticks = [0, 1, 2].map((r) => ({ ...toTradeTick(decoded.batch, r, at("103000")) }));
    expect(ticks.map((t) => [t.priceKrw, t.volume, t.cumulativeVolume])).toEqual(trades.map((t) => [t.priceKrw, t.quantity, state.volume]));
  });

  it("writes 65-field books with each venue's mid-point", () => {
    const { f } = tradedDay();
    const krx = f.exchange.book("005930")!;
    const nxt = f.exchange.nxt("005930")!;
    const record = bookRecord(nxt.book, nxt.state, { krx, nxt: nxt.book }).split("^");
    expect(record).toHaveLength(H0UNASP0_FIELDS.length);
    expect(record[fieldIndex(H0UNASP0_FIELDS, "KMID_PRC")]).toBe(String(Math.floor((krx.asks[0]!.priceKrw + krx.bids[0]!.priceKrw) / 2)));
  });

  it("writes a 45-field expected-price record: the indicative price against the base, hour class B before the open", () => {
    const f = makeFixture({}, "084500");
    f.goTo("084500");
    const indicative = f.exchange.indicative("005930")!;
    const state = f.exchange.symbol("005930")!;
    const trade: TradePrint = {
      code: "005930",
      timeMs: at("084500"),
      priceKrw: indicative.priceKrw,
      quantity: indicative.quantity,
      aggressor: "buy",
    };
    const record = expectedRecord({ trade, state, book: f.exchange.book("005930")! }, "opening").split("^");
    expect(record).toHaveLength(H0STANC0_FIELDS.length);
    expect(record[fieldIndex(H0STANC0_FIELDS, "STCK_PRPR")]).toBe(String(indicative.priceKrw));
    expect(record[fieldIndex(H0STANC0_FIELDS, "PRDY_VRSS")]).toBe(String(indicative.priceKrw - state.basePriceKrw));
    expect(record[fieldIndex(H0STANC0_FIELDS, "HOUR_CLS_CODE")]).toBe("B");
    expect(record[fieldIndex(H0STANC0_FIELDS, "NEW_MKOP_CLS_CODE")]).toBe("10");
  });

  it("walks the indicative price to the opening single price by 09:00", () => {
    const f = makeFixture({}, "083000");
    const path = ["083100", "084500", "085959"].map((t) => {
      f.goTo(t);
      return f.exchange.indicative("005930")!.priceKrw;
    });
    f.goTo("090000");
    expect(f.exchange.indicative("005930")).toBeUndefined();
    const open = f.exchange.symbol("005930")!.openKrw;
    expect(Math.abs(path[2]! - open)).toBeLessThanOrEqual(Math.abs(path[0]! - open));
  });

  it("shows the closing auction's indicative price from 15:20, arriving at the close it clears at", () => {
    const f = makeFixture({}, "151900");
    f.goTo("151900");
    expect(f.exchange.indicative("005930")).toBeUndefined();
    f.goTo("152959");
    const last = f.exchange.indicative("005930")!;
    const state = f.exchange.symbol("005930")!;
    const record = expectedRecord(
      {
        trade: { code: "005930", timeMs: at("152959"), priceKrw: last.priceKrw, quantity: last.quantity, aggressor: "buy" },
        state,
        book: f.exchange.book("005930")!,
      },
      "closing",
    ).split("^");
    expect([record[fieldIndex(H0STANC0_FIELDS, "HOUR_CLS_CODE")], record[fieldIndex(H0STANC0_FIELDS, "NEW_MKOP_CLS_CODE")]]).toEqual([
      "A",
      "20",
    ]);
    f.goTo("153000");
    expect(Math.abs(f.exchange.symbol("005930")!.lastKrw - last.priceKrw)).toBeLessThanOrEqual(100);
  });

  it("writes an 11-field market status (halted or not) and a 30-field index record with the tick against the last one sent", () => {
    const status = marketStatusRecord({ code: "005930", halted: true, viActive: false, timeMs: at("100000") }).split("^");
    expect(status).toHaveLength(H0STMKO0_FIELDS.length);
    expect([status[1], status[3], status[7]]).toEqual(["Y", "112", "58"]);
    const index: IndexState = {
      code: "0001",
      value: 2650.12,
      previousClose: 2640,
      open: 2641.5,
      high: 2655,
      low: 2638.25,
      volume: 1_500,
      tradeValueKrw: 9_000_000,
      advancers: 2,
      decliners: 1,
      unchanged: 0,
      upperLimitCount: 0,
      lowerLimitCount: 0,
    };
    const previous = { ...index, value: 2649.62, volume: 1_000, tradeValueKrw: 5_000_000 };
    const record = indexRecord({ index, timeMs: at("100000"), previous }).split("^");
    expect(record).toHaveLength(H0UPCNT0_FIELDS.length);
    const get = (name: string) => record[fieldIndex(H0UPCNT0_FIELDS, name)];
    expect([
      get("BSTP_CLS_CODE"),
      get("PRPR_NMIX"),
      get("BSTP_NMIX_PRDY_VRSS"),
      get("PCAS_VOL"),
      get("PCAS_TR_PBMN"),
      get("TICK_VRSS"),
      get("ASCN_ISSU_CNT"),
    ]).toEqual(["0001", "2650.12", "10.12", "500", "4000000", "0.50", "2"]);
  });
});
