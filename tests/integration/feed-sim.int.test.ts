/**
 * The live tick session (runtime/live.ts) against the real simulator over loopback: the real REST
 * client fetches the approval key and places orders, the real KIS feed talks to the simulator's
 * WebSocket through a recording proxy (tests/integration/ws-proxy.ts), which is also how a
 * corrupted frame is injected into the real socket path.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kstParts } from "../../core/clock.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { feedTrId } from "../../broker/kis/endpoints.js";
import { decodeControl } from "../../broker/kis/frames.js";
import { loadConfig } from "../../core/config.js";
import { silentLogger } from "../../core/logger.js";
import type { ExecutionNotice, FeedSubscription } from "../../core/market-events.js";
import { createFillTracker, type FillTracker } from "../../execution/fill-tracker.js";
import type { LiveAlert, LiveFeedStatus } from "../../market/live-pipeline.js";
import { createRuntime, type Runtime } from "../../runtime/create-runtime.js";
import { createLiveSession, toExecutionFill, type LiveSession, type LiveSessionOptions } from "../../runtime/live.js";
import { closeTo, textbookIndicators } from "./textbook-indicators.js";
import { waitFor, WsProxy } from "./ws-proxy.js";

/** Monday 2026-11-23 10:00 KST, continuous session; ten simulated seconds per wall second. */
const START = "2026-11-23T10:00:00+09:00";
const HTS_ID = "simuser";

let dir: string;
let rt: Runtime;
let proxy: WsProxy;
let session: LiveSession | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "feed-sim-"));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent", KIS_SIM_START: START, KIS_SIM_SPEED: "10", KIS_HTS_ID: HTS_ID });
  rt = await createRuntime({ config, log: silentLogger });
  proxy = await WsProxy.start(rt.wsUrl);
});

afterEach(async () => {
  await session?.stop();
  session = undefined;
  await proxy.close();
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: LiveSessionOptions): LiveSession {
  session = createLiveSession(rt, {
    wsUrl: proxy.url,
    investorPollMs: 0,
    syncHoldings: false,
    feed: { backoff: { initialMs: 50, maxMs: 500 } },
    ...options,
  });
  return session;
}

/** A feed registration as the wire names it (the simulator speaks the real tr_ids). */
const key = (r: FeedSubscription) => `${feedTrId(r.feed, "real")}|${r.key}`;

/** Subscribe (tr_type 1) and unsubscribe (2) requests the client sent on one connection. */
function requests(frames: string[], trType: "1" | "2"): string[] {
  return frames
    .filter((f) => f.includes("approval_key"))
    .map((f) => JSON.parse(f) as { header: { tr_type: string }; body: { input: { tr_id: string; tr_key: string } } })
    .filter((m) => m.header.tr_type === trType)
    .map((m) => `${m.body.input.tr_id}|${m.body.input.tr_key}`);
}

/** Message codes of the simulator's ACKs on one connection. */
function ackCodes(frames: string[]): string[] {
  return frames
    .filter((f) => f.startsWith("{"))
    .map((f) => decodeControl(f))
    .flatMap((d) => (d.kind === "control" && d.control.trId !== "PINGPONG" ? [d.control.messageCode] : []));
}

const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i).padStart(6, "0"));

describe("registration budget against the simulator", () => {
  it("leaves exactly 41 active registrations of 45 asked, holdings keeping trade and book", async () => {
    // Arrange: 3 holdings × 2 feeds + 20 watchlist + 18 scanner finds + the notice = 45 asked.
    const holdings = ["005930", "000660", "373220"];
    const watchlist = codes(900_100, 20);
    const scanner = codes(900_200, 18);
    const s = open({ watchlist });
    void s.pipeline.setHoldings(holdings);
    void s.addScannerFinds(scanner);

    // Act
    await s.start();
    await s.pipeline.settled();

    // Assert: the session's registrations
    const active = s.status().registrations.map(key);
    expect(active).toHaveLength(41);
    expect(new Set(active).size).toBe(41);
    expect(active).toContain(`H0STCNI0|${HTS_ID}`);
    for (const h of holdings) expect(active).toEqual(expect.arrayContaining([`H0STCNT0|${h}`, `H0STASP0|${h}`]));
    for (const w of watchlist) expect(active).toContain(`H0STCNT0|${w}`);
    expect(active.filter((k) => k.endsWith(`|${watchlist[0]}`))).toEqual([`H0STCNT0|${watchlist[0]}`]);
    const kept = scanner.slice(4);
    for (const f of kept) expect(active).toContain(`H0STCNT0|${f}`);
    for (const f of scanner.slice(0, 4)) expect(active.some((k) => k.endsWith(`|${f}`))).toBe(false);
    expect([...s.status().evicted].sort()).toEqual(scanner.slice(0, 4));

    // Assert: the simulator holds 41 (accepted minus released), never refused one, and refuses a 42nd.
    const acks = ackCodes(proxy.latest.fromServer);
    expect(acks.filter((c) => c === "OPSP0000").length - acks.filter((c) => c === "OPSP0001").length).toBe(41);
    expect(acks).not.toContain("OPSP0008");
    const approval = JSON.parse(proxy.latest.fromClient[0] ?? "{}") as { header: Record<string, string> };
    proxy.sendUpstream(
      JSON.stringify({ header: { ...approval.header, tr_type: "1" }, body: { input: { tr_id: "H0STCNT0", tr_key: "999999" } } }),
    );
    await waitFor("the 42nd registration's answer", () => ackCodes(proxy.latest.fromServer).length > acks.length);
    expect(ackCodes(proxy.latest.fromServer).at(-1)).toBe("OPSP0008");
  });
});

describe("reconnection", () => {
  it("re-registers the same set once after a socket drop and reports the gap", async () => {
    const s = open({ watchlist: ["000660", "035720"] });
    void s.pipeline.setHoldings(["005930"]);
    const statuses: LiveFeedStatus[] = [];
    s.on("status", (st) => statuses.push(st));
    await s.start();
    await s.pipeline.settled();
    const before = s.status().registrations.map(key).sort();

    const res = await fetch(`${rt.restUrl}/sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "drop-sockets" }),
    });
    expect(await res.json()).toMatchObject({ applied: "drop-sockets", dropped: 1 });
    await waitFor(
      "the second connection's ACKs",
      () => proxy.connections.length === 2 && ackCodes(proxy.latest.fromServer).length >= before.length,
    );
    let tradesAfter = 0;
    s.on("tick", () => tradesAfter++);
    await waitFor("a trade after the reconnection", () => tradesAfter > 0);

    const second = proxy.connections[1]?.fromClient ?? [];
    expect(requests(second, "1").sort()).toEqual(before);
    expect(requests(second, "2")).toEqual([]);
    expect(ackCodes(proxy.latest.fromServer).filter((c) => c !== "OPSP0000")).toEqual([]);
    expect(s.status().registrations.map(key).sort()).toEqual(before);
    const status = s.status();
    expect(status.reconnects).toBe(1);
    expect(status.gaps).toHaveLength(1);
    const gap = status.gaps[0];
    expect(gap?.missedMs).toBeGreaterThan(0);
    expect(gap?.missedMs).toBe((gap?.reconnectedAtMs ?? 0) - (gap?.disconnectedAtMs ?? 0));
    expect(statuses.map((st) => st.state)).toEqual(expect.arrayContaining(["disconnected", "connected"]));
    expect(statuses.find((st) => st.gap !== undefined)?.gap).toEqual(gap);
  });
});

describe("execution notices", () => {
  it("decrypts the notices of a limit buy, matches them to the order number and records the fill once", async () => {
    const fillTracker: FillTracker = createFillTracker({
      db: rt.db,
      intents: rt.repos.intents,
      fills: rt.repos.fills,
      trades: rt.repos.trades,
      broker: rt.kis,
      clock: rt.clock,
      logger: silentLogger,
    });
    const s = open({ watchlist: ["005930"], fillTracker, syncHoldings: true });
    const notices: ExecutionNotice[] = [];
    s.on("notice", (n) => notices.push(n));
    await s.start();

    // A marketable limit (at the upper limit) fills against the book at once.
    const quote = await rt.kis.getQuote("005930");
    const ack = await rt.kis.placeOrder({ symbol: "005930", side: "buy", quantity: 3, type: "limit", limitPriceKrw: quote.upperLimitKrw });
    const order = () => ({ orderNo: ack.orderNo, tradeDate: kstParts(rt.clock.now()).date });
    const filledQuantity = () =>
      notices.filter((n) => n.event === "filled" && n.orderNo === ack.orderNo).reduce((q, n) => q + n.quantity, 0);
    await waitFor("fills of the whole order", () => filledQuantity() === 3);

    const mine = notices.filter((n) => n.orderNo === ack.orderNo);
    expect(mine[0]).toMatchObject({ event: "accepted", side: "buy", symbol: "005930", orderQuantity: 3 });
    expect(mine.slice(1).every((n) => n.event === "filled" && n.priceKrw > 0 && n.priceKrw <= quote.upperLimitKrw)).toBe(true);
    const onWire = proxy.latest.fromServer.filter((f) => f.startsWith("1|H0STCNI0|"));
    expect(onWire.length).toBe(mine.length);
    expect(onWire.some((f) => f.includes(ack.orderNo))).toBe(false);

    await waitFor("the fill in the fills table", () => rt.repos.fills.totals(order()).quantity === 3);
    const fills = mine.filter((n) => n.event === "filled");
    expect(rt.repos.fills.totals(order())).toEqual({ quantity: 3, amountKrw: fills.reduce((a, n) => a + n.quantity * n.priceKrw, 0) });
    for (const n of fills) {
      const fill = toExecutionFill(n, rt.clock.now());
      expect(fill && fillTracker.applyNotice(fill)).toBe(false);
    }
    expect(rt.repos.fills.totals(order()).quantity).toBe(3);
    await waitFor("the new holding's book feed", () => s.status().registrations.some((r) => key(r) === "H0STASP0|005930"));
  });
});

/** Prices and volumes of one symbol's H0STCNT0 records, read with a plain split (reference §6.5, §7.1: #0 code, #2 price, #12 volume). */
function capturedTrades(frames: string[], symbol: string): Array<{ price: number; volume: number }> {
  const out: Array<{ price: number; volume: number }> = [];
  for (const frame of frames) {
    const [enc, trId, count, payload] = frame.split("|");
    if (enc !== "0" || trId !== "H0STCNT0" || payload === undefined) continue;
    const fields = payload.split("^");
    const width = fields.length / Number(count);
    for (let r = 0; r < Number(count); r++) {
      if (fields[r * width] === symbol) out.push({ price: Number(fields[r * width + 2]), volume: Number(fields[r * width + 12]) });
    }
  }
  return out;
}

describe("live indicators and frame drift", () => {
  it("skips a frame with a wrong field count with an alert, and keeps indicators equal to a recomputation from the socket's ticks", async () => {
    const s = open({ watchlist: ["005930"] });
    const alerts: LiveAlert[] = [];
    s.on("alert", (a) => alerts.push(a));
    await s.start();
    await waitFor("a first trade frame", () => proxy.latest.fromServer.some((f) => f.startsWith("0|H0STCNT0|")));

    // A real frame from the simulator, one field short, with a price no real tick had.
    const real = proxy.latest.fromServer.find((f) => f.startsWith("0|H0STCNT0|")) ?? "";
    const [, , count, payload = ""] = real.split("|");
    const fields = payload.split("^");
    fields[2] = "1";
    fields.pop();
    proxy.injectToClient(`0|H0STCNT0|${count}|${fields.join("^")}`);
    await waitFor("the drift alert", () => alerts.some((a) => a.code === "FRAME_DRIFT"));
    expect(alerts.find((a) => a.code === "FRAME_DRIFT")?.details).toMatchObject({
      trId: "H0STCNT0",
      count: Number(count),
      tokens: Number(count) * 46 - 1,
      expectedWidth: 46,
    });

    await waitFor("30 trades of 005930", () => (s.status().symbols.find((x) => x.symbol === "005930")?.trades ?? 0) >= 30, 30_000);
    // Same tick: what the session has processed and what it reports.
    const processed = s.status().symbols.find((x) => x.symbol === "005930")?.trades ?? 0;
    const live = s.get("005930");
    const ticks = capturedTrades(proxy.latest.fromServer, "005930").slice(0, processed);
    expect(ticks).toHaveLength(processed);
    const expected = textbookIndicators(
      ticks.map((t) => t.price),
      ticks.map((t) => t.volume),
    );
    expect(live?.priceKrw).toBe(ticks.at(-1)?.price);
    const actual = { ma5: live?.ma5, rsi14: live?.rsi14, stochK: live?.stochK, stochD: live?.stochD, volumeRatio: live?.volRatio };
    for (const [name, value] of Object.entries(expected)) {
      const got = actual[name as keyof typeof actual];
      expect({ name, got, value, close: closeTo(got, value) }).toMatchObject({ close: true });
    }
    expect(expected.rsi14).not.toBeNull();
    expect(s.status().alerts).toMatchObject({ FRAME_DRIFT: 1 });
  });
});
