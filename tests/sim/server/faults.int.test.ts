import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import { ACCOUNT_ID, ORDER_CASH, orderBody, QUOTE, startHarness, TRADING_MS, type Harness } from "./harness.js";
import { WsClient } from "./ws-client.js";

const STOCK = { FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: "005930" };
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const fault = (body: unknown) => h.admin("POST", "/sim/faults", body);
const quote = () => h.get(QUOTE, { trId: "FHKST01010100", params: STOCK });

describe("faults", () => {
  it("answers EGW00201 to every REST call during a rate-limit storm, and lists it", async () => {
    await h.token();
    await fault({ kind: "rate-limit-storm", durationMs: 1_000 });
    const res = await quote();
    expect(res.status).toBe(500);
    expect(res.json.msg_cd).toBe("EGW00201");
    expect((await h.admin("GET", "/sim/faults")).json.active).toEqual([{ kind: "rate-limit-storm", remainingMs: 1_000 }]);
    h.wall.advance(1_000);
    expect((await quote()).json.rt_cd).toBe("0");
  });

  it("makes every issued token invalid (EGW00121) or expired (EGW00123)", async () => {
    await h.token();
    await fault({ kind: "expire-tokens" });
    expect((await quote()).json.msg_cd).toBe("EGW00123");
    await fault({ kind: "revoke-tokens" });
    expect((await quote()).json.msg_cd).toBe("EGW00121");
  });

  it("answers the next n REST calls with a bodiless 502/503", async () => {
    await h.token();
    await fault({ kind: "http-5xx", count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${h.url}${QUOTE}?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930`);
      statuses.push([res.status, await res.text()]);
    }
    expect(statuses.slice(0, 2)).toEqual([
      [502, ""],
      [503, ""],
    ]);
    expect(statuses[2]![0]).toBe(500);
  });

  it("answers a 5xx armed for one path only to that path, reads elsewhere unharmed", async () => {
    await fault({ kind: "http-5xx", count: 1, path: "/uapi/domestic-stock/v1/trading/order-cash" });
    const quote = await fetch(`${h.url}${QUOTE}?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930`);
    expect(quote.status).not.toBe(502);
    const order = await fetch(h.url + ORDER_CASH, { method: "POST", body: "{}" });
    expect([order.status, await order.text()]).toEqual([502, ""]);
    const faults = (await h.admin("GET", "/sim/faults")).json as { active: unknown[] };
    expect(faults.active).toEqual([]);
  });

  it("accepts a cash order but destroys the connection instead of answering", async () => {
    await h.token();
    await fault({ kind: "drop-order-ack", count: 1 });
    await expect(h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: "69000" }) })).rejects.toThrow();
    const orders = (await h.admin("GET", `/sim/orders?account=${ACCOUNT_ID}`)).json.orders as Array<{ orderNo: string }>;
    expect(orders.map((o) => o.orderNo)).toEqual(["0000000001"]);
    const next = await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: "69000" }) });
    expect(next.json.output).toMatchObject({ ODNO: "0000000002" });
  });

  it("terminates every WebSocket", async () => {
    const c = await WsClient.open(`${h.wsUrl}/tryitout`);
    const res = await fault({ kind: "drop-sockets" });
    expect(res.json).toMatchObject({ dropped: 1 });
    expect(await c.closed).toBe(1006);
  });

  it("rejects an unknown fault with 400", async () => {
    const res = await fault({ kind: "meteor" });
    expect(res.status).toBe(400);
  });
});

describe("admin", () => {
  it("steps a manual clock and reports the phase", async () => {
    const res = await h.admin("POST", "/sim/clock", { advanceMs: 60_000 });
    expect(res.json).toMatchObject({ nowMs: TRADING_MS + 60_000, kst: "2026-11-23T10:01:00+09:00", phase: "CONTINUOUS" });
    expect(h.exchange.advancedToMs).toBe(TRADING_MS + 60_000);
    const to = await h.admin("POST", "/sim/clock", { toMs: fromKst("20261123", "153500") });
    expect(to.json.phase).toBe("AFTER_HOURS");
    expect((await h.admin("POST", "/sim/clock", { toMs: TRADING_MS })).status).toBe(400);
  });

  it("shows an account's cash, holdings and open orders, and resets them", async () => {
    await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: "69000" }) });
    const view = (await h.admin("GET", `/sim/accounts/${ACCOUNT_ID}`)).json;
    expect(view).toMatchObject({ accountId: ACCOUNT_ID, cashKrw: 100_000_000, openOrders: [{ orderNo: "0000000001", priceKrw: 69_000 }] });
    await h.admin("POST", "/sim/reset", { seed: 7 });
    expect((await h.admin("GET", `/sim/accounts/${ACCOUNT_ID}`)).json.openOrders).toEqual([]);
  });

  it("reports the clock, phase and symbols", async () => {
    const state = (await h.admin("GET", "/sim/state")).json;
    expect(state.clock).toMatchObject({ nowMs: TRADING_MS, phase: "CONTINUOUS", stepped: true });
    expect((state.symbols as Array<{ code: string }>).map((s) => s.code)).toContain("005930");
  });

  it("answers 404 for an unknown admin route and 400 for a bad account id", async () => {
    expect((await h.admin("GET", "/sim/nothing")).status).toBe(404);
    expect((await h.admin("GET", "/sim/accounts/abc")).status).toBe(400);
  });
});
