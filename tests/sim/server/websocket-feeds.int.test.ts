/**
 * The NXT, integrated, expected-price, market-status and index feeds over a real WebSocket from
 * the seeded market, read the way the official sample reads them (split on `|`, the count, then
 * count × its column list of `^` fields), and KIS's registration rules across every feed.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FrameDecoder } from "../../../broker/kis/frames.js";
import { fromKst } from "../../../core/clock.js";
import type { SimExchange } from "../../../sim/exchange.js";
import { type Harness, startRealHarness } from "./harness.js";
import { WsClient } from "./ws-client.js";

const OFFICIAL = JSON.parse(readFileSync(new URL("../../fixtures/kis/ws-columns.json", import.meta.url), "utf8")) as Record<
  string,
  string[]
>;

/**
 * The official legacy sample's reading of a data frame: `count` records of its columns, cut from
 * one `^` list. Our own client's decoder must read the same frame as `count` whole records.
 */
function officialRecords(frame: string): { trId: string; records: Array<Record<string, string>> } {
  const [, trId = "", count = "", payload = ""] = frame.split("|");
  expect(new FrameDecoder().decode(frame)).toMatchObject({ kind: "data", batch: { count: Number(count) } });
  const columns = OFFICIAL[trId]!.map((c) => c.toUpperCase());
  const values = payload.split("^");
  expect(values).toHaveLength(Number(count) * columns.length);
  const records = Array.from({ length: Number(count) }, (_, r) =>
    Object.fromEntries(columns.map((c, i) => [c, values[r * columns.length + i]!])),
  );
  return { trId, records };
}

let h: Harness<SimExchange>;
let approval: string;
const clients: WsClient[] = [];
const connect = async () => {
  const c = await WsClient.open(`${h.wsUrl}/tryitout`);
  clients.push(c);
  return c;
};
async function until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

beforeEach(async () => {
  h = await startRealHarness({ pingIntervalMs: 60_000 }, 3);
  approval = await h.approval();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h.close();
});

async function subscribe(c: WsClient, pairs: Array<[string, string]>): Promise<void> {
  for (const [trId, trKey] of pairs) {
    c.request(approval, trId, trKey);
    expect((await c.ack(trId)).body).toMatchObject({ rt_cd: "0", msg_cd: "OPSP0000" });
  }
}

describe("NXT and integrated feeds", () => {
  it("sends NXT and integrated trades and books of the seeded market, the integrated volume the sum of both venues", async () => {
    const c = await connect();
    await subscribe(c, [
      ["H0NXCNT0", "005930"],
      ["H0UNCNT0", "005930"],
      ["H0NXASP0", "005930"],
      ["H0UNASP0", "005930"],
    ]);
    h.clock.set(fromKst("20261123", "100300"));
    // Books are sent after the flush's trades: once both books are in, the flush is.
    await until(() => ["0|H0NXASP0|", "0|H0UNASP0|"].every((head) => c.pending().some((f) => f.startsWith(head))));
    const frames = c
      .pending()
      .filter((f) => f.startsWith("0|"))
      .map(officialRecords);
    const records = (trId: string) => frames.filter((f) => f.trId === trId).flatMap((f) => f.records);
    for (const trId of ["H0NXCNT0", "H0UNCNT0", "H0NXASP0", "H0UNASP0"]) expect(records(trId).length).toBeGreaterThan(0);
    // At speed, trades arrive packed several to a frame.
    expect(frames.some((f) => f.trId === "H0UNCNT0" && f.records.length > 1)).toBe(true);
    const krx = h.exchange.symbol("005930")!;
    const nxt = h.exchange.nxt("005930")!.state;
    expect(records("H0NXCNT0").at(-1)!["ACML_VOL"]).toBe(String(nxt.volume));
    expect(records("H0UNCNT0").at(-1)!["ACML_VOL"]).toBe(String(krx.volume + nxt.volume));
    expect(Number(records("H0UNCNT0").at(-1)!["ACML_VOL"])).toBeGreaterThan(krx.volume);
    const book = records("H0UNASP0").at(-1)!;
    expect(Number(book["KMID_PRC"])).toBeGreaterThan(0);
    expect(Number(book["TOTAL_ASKP_RSQN"])).toBeGreaterThan(Number(records("H0NXASP0").at(-1)!["TOTAL_ASKP_RSQN"]));
  });
});

describe("sampled feeds", () => {
  it("sends the KOSPI index and the market status when they change, and the expected price during the opening auction only", async () => {
    const c = await connect();
    await subscribe(c, [
      ["H0UPCNT0", "0001"],
      ["H0STMKO0", "005930"],
      ["H0STANC0", "005930"],
    ]);
    const records = (trId: string) =>
      c
        .pending()
        .filter((f) => f.startsWith(`0|${trId}|`))
        .map((f) => officialRecords(f).records[0]!);
    await until(() => records("H0STMKO0").length > 0);
    expect(records("H0STMKO0")).toEqual([expect.objectContaining({ MKSC_SHRN_ISCD: "005930", TRHT_YN: "N", MKOP_CLS_CODE: "112" })]);
    h.exchange.setHalted?.("005930", true);
    await until(() => records("H0STMKO0").length > 1);
    expect(records("H0STMKO0").at(-1)).toMatchObject({ TRHT_YN: "Y", ISCD_STAT_CLS_CODE: "58" });
    h.exchange.setHalted?.("005930", false);
    await until(() => records("H0STMKO0").length > 2);

    h.clock.set(fromKst("20261123", "100100"));
    const value = () => h.exchange.index("0001")!.value.toFixed(2);
    await until(() => records("H0UPCNT0").at(-1)?.["PRPR_NMIX"] === value());
    expect(records("H0UPCNT0").at(-1)).toMatchObject({ BSTP_CLS_CODE: "0001", ACML_VOL: String(h.exchange.index("0001")!.volume) });
    expect(records("H0STANC0")).toEqual([]);

    h.clock.set(fromKst("20261124", "084500"));
    // The rest of the day is generated first: give it time on a busy machine.
    await until(() => records("H0STANC0").length > 0 && records("H0STMKO0").at(-1)?.["MKOP_CLS_CODE"] === "110", 60_000);
    expect(records("H0STANC0").at(-1)).toMatchObject({
      MKSC_SHRN_ISCD: "005930",
      HOUR_CLS_CODE: "B",
      STCK_PRPR: String(h.exchange.indicative("005930")!.priceKrw),
    });
    expect(records("H0STMKO0").at(-1)).toMatchObject({ MKOP_CLS_CODE: "110", ANTC_MKOP_CLS_CODE: "112" });
  }, 90_000);
});

describe("registration rules across every feed", () => {
  it("counts every tr_id toward 41 registrations and refuses the 42nd with OPSP0008 MAX SUBSCRIBE OVER", async () => {
    const c = await connect();
    const codes = h.exchange
      .symbols()
      .map((s) => s.code)
      .slice(0, 20);
    const pairs: Array<[string, string]> = [
      ...codes.map((code): [string, string] => ["H0UNCNT0", code]),
      ...codes.map((code): [string, string] => ["H0NXASP0", code]),
      ["H0UPCNT0", "0001"],
    ];
    await subscribe(c, pairs);
    c.request(approval, "H0STMKO0", "005930");
    expect((await c.ack("H0STMKO0")).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0008", msg1: "MAX SUBSCRIBE OVER" });
  });

  it("refuses a duplicate, an unknown tr_id and a stock code as an index key, as KIS does", async () => {
    const c = await connect();
    await subscribe(c, [["H0UPCNT0", "0001"]]);
    c.request(approval, "H0UPCNT0", "0001");
    expect((await c.ack("H0UPCNT0")).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0002", msg1: "ALREADY IN SUBSCRIBE" });
    c.request(approval, "H0ZZCNT0", "005930");
    expect((await c.ack("H0ZZCNT0")).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0007", msg1: "invalid tr_id : H0ZZCNT0" });
    c.request(approval, "H0UPCNT0", "005930");
    expect((await c.ack("H0UPCNT0")).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0007" });
  });
});
