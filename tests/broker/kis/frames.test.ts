import { describe, expect, it } from "vitest";
import { FrameDecoder, type DecodedFrame, type RecordBatch } from "../../../broker/kis/frames.js";
import { H0STCNT0_FIELDS, H0STASP0_FIELDS } from "../../../broker/kis/realtime-layouts.js";
import { kstEpochMs, toBookUpdate, toProgramUpdate, toTradeTick } from "../../../broker/kis/realtime-records.js";
import { bookFields, dataFrame, programFields, tradeFields } from "../../../sim/wire/frame-generator.js";

const RECEIVED_AT = kstEpochMs(20260105, 93005);

function expectData(frame: DecodedFrame): RecordBatch {
  if (frame.kind !== "data") throw new Error(`expected data, got ${JSON.stringify(frame)}`);
  return frame.batch;
}

describe("FrameDecoder.decode", () => {
  it("decodes a single H0STCNT0 record into typed trade values", () => {
    const fields = tradeFields({
      symbol: "005930",
      priceKrw: 73_100,
      volume: 5,
      secondOfDay: 9 * 3600 + 30 * 60 + 1,
      previousCloseKrw: 72_000,
      side: "sell",
    });
    const batch = expectData(new FrameDecoder().decode(dataFrame("H0STCNT0", [fields])));
    const tick = toTradeTick(batch, 0, RECEIVED_AT);
    expect(batch.count).toBe(1);
    expect(tick).toMatchObject({
      symbol: "005930",
      priceKrw: 73_100,
      changeKrw: 1_100,
      changeRate: 1.53,
      volume: 5,
      askKrw: 73_200,
      bidKrw: 73_100,
      buyPower: 103.52,
      aggressor: "sell",
      halted: false,
      viActive: false,
      totalAskQuantity: 152_340,
    });
    expect(tick.exchangeTimeMs).toBe(kstEpochMs(20260105, 93001));
  });

  it("keeps every field of the record: numbers as numbers, codes as text", () => {
    const fields = tradeFields({ symbol: "000660", priceKrw: 181_500, volume: 12, secondOfDay: 36_000 });
    const batch = expectData(new FrameDecoder().decode(dataFrame("H0STCNT0", [fields])));
    H0STCNT0_FIELDS.forEach((name, i) => {
      const raw = fields[i] ?? "";
      if (batch.layout.numeric[i] === 1) expect(batch.numbers[i], name).toBe(raw === "" ? NaN : Number(raw));
      else expect(batch.text(i), name).toBe(raw);
    });
  });

  it("honours the record count of a multi-record frame", () => {
    const records = [0, 1, 2, 3].map((k) =>
      tradeFields({ symbol: `00593${k}`, priceKrw: 70_000 + k * 100, volume: k + 1, secondOfDay: 36_000 + k }),
    );
    const batch = expectData(new FrameDecoder().decode(dataFrame("H0STCNT0", records)));
    const ticks = [0, 1, 2, 3].map((r) => toTradeTick(batch, r, RECEIVED_AT));
    expect(ticks.map((t) => [t.symbol, t.priceKrw, t.volume])).toEqual([
      ["005930", 70_000, 1],
      ["005931", 70_100, 2],
      ["005932", 70_200, 3],
      ["005933", 70_300, 4],
    ]);
  });

  it("fills a reused tick with the same values as a fresh one, record after record", () => {
    const records = [0, 1].map((k) =>
      tradeFields({
        symbol: `00066${k}`,
        priceKrw: 181_500 + k * 500,
        volume: 3 + k,
        secondOfDay: 36_000 + k,
        side: k === 0 ? "buy" : "sell",
      }),
    );
    const batch = expectData(new FrameDecoder().decode(dataFrame("H0STCNT0", records)));
    const reused = toTradeTick(batch, 0, RECEIVED_AT);
    for (const r of [0, 1]) {
      expect(toTradeTick(batch, r, RECEIVED_AT, reused)).toBe(reused);
      expect(reused).toEqual(toTradeTick(batch, r, RECEIVED_AT));
    }
    expect(reused).toMatchObject({ symbol: "000661", priceKrw: 182_000, aggressor: "sell" });
  });

  it("reads text in a numeric column as Number does, and a field at the very end of the frame", () => {
    const fields = tradeFields(
      { symbol: "005930", priceKrw: 70_000, volume: 1, secondOfDay: 36_000 },
      { CNTG_VOL: "1e3", VI_STND_PRC: "71500" },
    );
    const batch = expectData(new FrameDecoder().decode(dataFrame("H0STCNT0", [fields])));
    expect(batch.numbers[H0STCNT0_FIELDS.indexOf("CNTG_VOL")]).toBe(1000);
    expect(batch.numbers[H0STCNT0_FIELDS.indexOf("VI_STND_PRC")]).toBe(71_500);
  });

  it("parses signed and decimal values exactly as Number does", () => {
    const fields = tradeFields(
      { symbol: "005930", priceKrw: 70_000, volume: 1, secondOfDay: 36_000 },
      { PRDY_VRSS: "-1500", PRDY_CTRT: "-2.07", CTTR: "0.1", VOL_TNRT: "" },
    );
    const batch = expectData(new FrameDecoder().decode(dataFrame("H0STCNT0", [fields])));
    const at = (name: string) => batch.numbers[H0STCNT0_FIELDS.indexOf(name as never)];
    expect([at("PRDY_VRSS"), at("PRDY_CTRT"), at("CTTR")]).toEqual([-1500, -2.07, 0.1]);
    expect(at("VOL_TNRT")).toBeNaN();
  });

  it("reports a record-width mismatch as drift instead of records", () => {
    const fields = tradeFields({ symbol: "005930", priceKrw: 70_000, volume: 1, secondOfDay: 36_000 });
    const decoder = new FrameDecoder();
    const longer = decoder.decode(`0|H0STCNT0|001|${[...fields, "EXTRA"].join("^")}`);
    const shorter = decoder.decode(`0|H0STCNT0|002|${fields.join("^")}`);
    expect(longer).toEqual({ kind: "drift", trId: "H0STCNT0", count: 1, tokens: 47, expectedWidth: 46 });
    expect(shorter).toEqual({ kind: "drift", trId: "H0STCNT0", count: 2, tokens: 46, expectedWidth: 46 });
  });

  it("decodes order-book levels and program trading", () => {
    const decoder = new FrameDecoder();
    const book = toBookUpdate(
      expectData(decoder.decode(dataFrame("H0STASP0", [bookFields({ symbol: "005930", bestAskKrw: 70_100, secondOfDay: 36_000 })]))),
      0,
      RECEIVED_AT,
    );
    expect(book.askPricesKrw.slice(0, 3)).toEqual([70_100, 70_200, 70_300]);
    expect(book.bidPricesKrw.slice(0, 3)).toEqual([70_000, 69_900, 69_800]);
    expect(book.askQuantities[0]).toBe(1037);
    expect(book.exchangeTimeMs).toBe(kstEpochMs(20260105, 100000));
    expect(H0STASP0_FIELDS).toHaveLength(59);
    const program = toProgramUpdate(
      expectData(decoder.decode(dataFrame("H0STPGM0", [programFields("005930", 36_000, 500, 800)]))),
      0,
      RECEIVED_AT,
    );
    expect(program).toMatchObject({ symbol: "005930", buyVolume: 500, sellVolume: 800, netVolume: -300 });
  });

  it("recognises JSON control frames by their first character", () => {
    const ack = JSON.stringify({
      header: { tr_id: "H0STCNI0", tr_key: "htsid", encrypt: "Y" },
      body: { rt_cd: "0", msg_cd: "OPSP0000", msg1: "SUBSCRIBE SUCCESS", output: { iv: "0123456789abcdef", key: "k".repeat(32) } },
    });
    const ping = '{"header":{"tr_id":"PINGPONG","datetime":"20260105093000"}}';
    const decoder = new FrameDecoder();
    expect(decoder.decode(ack)).toMatchObject({
      kind: "control",
      control: { trId: "H0STCNI0", encrypted: true, messageCode: "OPSP0000", aesIv: "0123456789abcdef" },
    });
    expect(decoder.decode(ping)).toMatchObject({ kind: "control", control: { trId: "PINGPONG", raw: ping } });
    expect(decoder.decode("{not json")).toMatchObject({ kind: "malformed" });
  });

  it("passes encrypted payloads through and flags unknown or malformed frames", () => {
    const decoder = new FrameDecoder();
    expect(decoder.decode("1|H0STCNI0|001|QUJD")).toEqual({ kind: "encrypted", trId: "H0STCNI0", count: 1, payload: "QUJD" });
    expect(decoder.decode("0|H0STMBC0|001|a^b")).toEqual({ kind: "unsupported", trId: "H0STMBC0" });
    expect(decoder.decode("0|H0STCNT0|x1|a")).toMatchObject({ kind: "malformed" });
    expect(decoder.decode("garbage")).toMatchObject({ kind: "malformed" });
  });
});
