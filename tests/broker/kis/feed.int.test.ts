import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { ManualClock } from "../../../core/clock.js";
import { silentLogger } from "../../../core/logger.js";
import type { KisWireEnv } from "../../../broker/kis/endpoints.js";
import type { FeedAlert, FeedEvents, FeedStatus } from "../../../broker/kis/feed.js";
import { KisFeed } from "../../../broker/kis/feed.js";
import { encryptPayload } from "../../../broker/kis/notice-crypto.js";
import { H0STCNI0_FIELDS } from "../../../broker/kis/realtime-layouts.js";
import { dataFrame, tradeFields } from "../../../sim/wire/frame-generator.js";

const AES = { key: "0123456789abcdef0123456789abcdef", iv: "fedcba9876543210" };
const APPROVAL_KEY = "approval-key-for-tests";

interface Request {
  approvalKey: string;
  trType: string;
  trId: string;
  trKey: string;
}

/** A tiny KIS-like server: ACKs subscriptions (cap of `limit`), records requests per connection. */
class FakeKisServer {
  readonly wss: WebSocketServer;
  readonly connections: Array<{ socket: WebSocket; requests: Request[]; received: string[] }> = [];
  limit = 41;

  constructor() {
    this.wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/tryitout" });
    this.wss.on("connection", (socket) => {
      const connection = { socket, requests: [] as Request[], received: [] as string[] };
      this.connections.push(connection);
      const active = new Set<string>();
      socket.on("message", (data) => {
        const text = String(data);
        connection.received.push(text);
        if (!text.includes("approval_key")) return;
        const msg = JSON.parse(text) as {
          header: { approval_key: string; tr_type: string };
          body: { input: { tr_id: string; tr_key: string } };
        };
        const request = {
          approvalKey: msg.header.approval_key,
          trType: msg.header.tr_type,
          ...{ trId: msg.body.input.tr_id, trKey: msg.body.input.tr_key },
        };
        connection.requests.push(request);
        socket.send(JSON.stringify(this.ack(request, active)));
      });
    });
  }

  private ack(r: Request, active: Set<string>): unknown {
    const key = `${r.trId}|${r.trKey}`;
    const encrypted = r.trId.startsWith("H0STCNI");
    let code = "OPSP0000";
    if (r.trType === "2") code = active.delete(key) ? "OPSP0001" : "OPSP0003";
    else if (active.has(key)) code = "OPSP0002";
    else if (active.size >= this.limit) code = "OPSP0008";
    else active.add(key);
    const ok = code !== "OPSP0008";
    return {
      header: { tr_id: r.trId, tr_key: r.trKey, encrypt: encrypted ? "Y" : "N" },
      body: { rt_cd: ok ? "0" : "1", msg_cd: code, msg1: ok ? "SUBSCRIBE SUCCESS" : "MAX SUBSCRIBE OVER", output: encrypted ? AES : {} },
    };
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  latest() {
    const last = this.connections.at(-1);
    if (!last) throw new Error("no connection");
    return last;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

let server: FakeKisServer;
let feed: KisFeed;

async function makeFeed(clock = new ManualClock(1_000), idleTimeoutMs = 60_000, env?: KisWireEnv): Promise<KisFeed> {
  server = new FakeKisServer();
  await once(server.wss, "listening");
  feed = new KisFeed({
    wsUrl: server.url,
    getApprovalKey: async () => APPROVAL_KEY,
    clock,
    logger: silentLogger,
    ...(env ? { env } : {}),
    idleTimeoutMs,
    ackTimeoutMs: 2_000,
    backoff: { initialMs: 10, maxMs: 40 },
    random: () => 0.5,
  });
  return feed;
}

function next<K extends keyof FeedEvents>(event: K, match: (e: FeedEvents[K]) => boolean = () => true): Promise<FeedEvents[K]> {
  return new Promise((resolve) => {
    const off = feed.on(event, (e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

afterEach(async () => {
  await feed.close();
  await server.close();
});

describe("KisFeed against a local KIS-like server", () => {
  it("subscribes with the approval key and resolves on the ACK", async () => {
    await makeFeed();
    await feed.start();
    await feed.subscribe("H0STCNT0", "005930");
    await feed.subscribe("H0STCNT0", "005930");
    expect(server.latest().requests).toEqual([{ approvalKey: APPROVAL_KEY, trType: "1", trId: "H0STCNT0", trKey: "005930" }]);
    expect(feed.registrations()).toEqual([{ trId: "H0STCNT0", trKey: "005930" }]);
  });

  it("rejects a subscription refused with MAX SUBSCRIBE OVER and raises an alert", async () => {
    await makeFeed();
    server.limit = 1;
    await feed.start();
    await feed.subscribe("H0STCNT0", "005930");
    const alert = next("alert");
    await expect(feed.subscribe("H0STCNT0", "000660")).rejects.toMatchObject({ code: "FEED_ERROR", venueCode: "OPSP0008" });
    expect(await alert).toMatchObject({ code: "SUBSCRIBE_REFUSED" });
    expect(feed.registrations()).toEqual([{ trId: "H0STCNT0", trKey: "005930" }]);
  });

  it("applies a diff of feed kinds with its environment's tr_ids and reports the registrations back as feeds", async () => {
    await makeFeed(new ManualClock(1_000), 60_000, "paper");
    await feed.start();
    const trade = { feed: "trade", key: "005930" } as const;
    const book = { feed: "book", key: "005930" } as const;
    await feed.apply({ subscribe: [{ feed: "notice", key: "htsid" }, trade, book], unsubscribe: [] });
    await feed.apply({ subscribe: [], unsubscribe: [book] });
    expect(server.latest().requests.map((r) => `${r.trType} ${r.trId} ${r.trKey}`)).toEqual([
      "1 H0STCNI9 htsid",
      "1 H0STCNT0 005930",
      "1 H0STASP0 005930",
      "2 H0STASP0 005930",
    ]);
    expect(feed.subscriptions()).toEqual([{ feed: "notice", key: "htsid" }, trade]);
    await expect(feed.apply({ subscribe: [{ feed: "program", key: "005930" }], unsubscribe: [] })).rejects.toMatchObject({
      code: "FEED_ERROR",
    });
  });

  it("unsubscribes and forgets the registration", async () => {
    await makeFeed();
    await feed.start();
    await feed.subscribe("H0STCNT0", "005930");
    await feed.unsubscribe("H0STCNT0", "005930");
    expect(server.latest().requests.map((r) => r.trType)).toEqual(["1", "2"]);
    expect(feed.registrations()).toEqual([]);
  });

  it("echoes PINGPONG frames unchanged", async () => {
    await makeFeed();
    await feed.start();
    const ping = '{"header":{"tr_id":"PINGPONG","datetime":"20260105093000"}}';
    const echoed = once(server.latest().socket, "message");
    server.latest().socket.send(ping);
    expect(String((await echoed)[0])).toBe(ping);
  });

  it("reconnects after a server drop, re-subscribes each registration once and reports the gap", async () => {
    const clock = new ManualClock(1_000);
    await makeFeed(clock);
    await feed.start();
    await feed.subscribe("H0STCNT0", "005930");
    await feed.subscribe("H0STASP0", "005930");
    feed.on("status", (s) => {
      if (s.state === "disconnected") clock.advance(4_000);
    });
    const reconnected = next("status", (s: FeedStatus) => s.state === "connected");
    server.latest().socket.terminate();
    expect(await reconnected).toMatchObject({ gap: { disconnectedAtMs: 1_000, reconnectedAtMs: 5_000, missedMs: 4_000 } });
    await expect.poll(() => server.connections.length === 2 && server.latest().requests.length).toBe(2);
    expect(
      server
        .latest()
        .requests.map((r) => `${r.trType}:${r.trId}:${r.trKey}`)
        .sort(),
    ).toEqual(["1:H0STASP0:005930", "1:H0STCNT0:005930"]);
    const tick = next("trade");
    server
      .latest()
      .socket.send(dataFrame("H0STCNT0", [tradeFields({ symbol: "005930", priceKrw: 70_000, volume: 3, secondOfDay: 36_000 })]));
    expect(await tick).toMatchObject({ symbol: "005930", priceKrw: 70_000, receivedAtMs: 5_000 });
  });

  it("alerts on a drifted frame, skips it and keeps decoding", async () => {
    await makeFeed();
    await feed.start();
    const alerts: FeedAlert[] = [];
    const symbols: string[] = [];
    feed.on("alert", (a) => alerts.push(a));
    feed.on("trade", (t) => symbols.push(t.symbol));
    const good = tradeFields({ symbol: "000660", priceKrw: 180_000, volume: 1, secondOfDay: 36_000 });
    const tick = next("trade");
    server.latest().socket.send(`0|H0STCNT0|001|${[...good, "NEW_FIELD"].join("^")}`);
    server.latest().socket.send(dataFrame("H0STCNT0", [good]));
    await tick;
    expect(symbols).toEqual(["000660"]);
    expect(alerts).toMatchObject([{ code: "FRAME_DRIFT", details: { tokens: 47, expectedWidth: 46 } }]);
  });

  it("decrypts execution notices with the key and IV from the ACK", async () => {
    await makeFeed();
    await feed.start();
    await feed.subscribe("H0STCNI0", "htsid");
    const values: Record<string, string> = {
      STCK_SHRN_ISCD: "005930",
      CNTG_YN: "2",
      CNTG_QTY: "7",
      CNTG_UNPR: "70100",
      SELN_BYOV_CLS: "02",
      ODER_QTY: "10",
    };
    const plaintext = H0STCNI0_FIELDS.map((f) => values[f] ?? "").join("^");
    const notice = next("notice");
    server.latest().socket.send(`1|H0STCNI0|001|${encryptPayload(plaintext, AES)}`);
    expect(await notice).toMatchObject({ event: "filled", symbol: "005930", quantity: 7, priceKrw: 70_100, side: "buy" });
  });

  it("terminates a silent socket after the idle timeout and reconnects", async () => {
    await makeFeed(new ManualClock(1_000), 100);
    await feed.start();
    const dropped = next("status", (s) => s.state === "disconnected");
    const back = next("status", (s) => s.state === "connected");
    expect(await dropped).toMatchObject({ state: "disconnected" });
    expect(await back).toMatchObject({ state: "connected", gap: { missedMs: 0 } });
  });
});
