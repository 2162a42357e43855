import { createDecipheriv } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { H0STCNI0_FIELDS, H0STCNT0_FIELDS } from "../../../broker/kis/realtime-layouts.js";
import { fromKst, ManualClock } from "../../../core/clock.js";
import { DEFAULT_UNIVERSE } from "../../../sim/market/universe.js";
import { startSimulator, type SimulatorHandle } from "../../../sim/index.js";
import { APP_KEY, APP_SECRET, balanceParams, CANO, ORDER_CASH, orderBody, PRODUCT } from "./harness.js";
import { WsClient } from "./ws-client.js";

const BALANCE = "/uapi/domestic-stock/v1/trading/inquire-balance";
const QUOTE = "/uapi/domestic-stock/v1/quotations/inquire-price";
let sim: SimulatorHandle;
let token: string;
const clock = new ManualClock(fromKst("20261123", "090100"));

async function kis(
  method: "GET" | "POST",
  path: string,
  trId: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const query = method === "GET" ? `?${new URLSearchParams(params).toString()}` : "";
  const res = await fetch(sim.restUrl + path + query, {
    method,
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
      appkey: APP_KEY,
      appsecret: APP_SECRET,
      tr_id: trId,
      custtype: "P",
      ...headers,
    },
    ...(method === "POST" ? { body: JSON.stringify(params) } : {}),
  });
  return { headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}
const quote = async (code: string) =>
  (await kis("GET", QUOTE, "FHKST01010100", { FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: code })).json.output as Record<string, string>;
const advance = (advanceMs: number) => fetch(`${sim.restUrl}/sim/clock`, { method: "POST", body: JSON.stringify({ advanceMs }) });

beforeAll(async () => {
  sim = await startSimulator({ clock, seed: 3, pingIntervalMs: 60_000, rateLimitPerSec: 0 });
  const res = await fetch(`${sim.restUrl}/oauth2/tokenP`, {
    method: "POST",
    body: JSON.stringify({ grant_type: "client_credentials", appkey: APP_KEY, appsecret: APP_SECRET }),
  });
  token = String(((await res.json()) as { access_token: string }).access_token);
});
afterAll(async () => {
  await sim.close();
});

describe("startSimulator over the real core", () => {
  it("serves the seeded market on loopback REST and WebSocket URLs", async () => {
    expect(sim.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.wsUrl).toBe(sim.restUrl.replace("http", "ws"));
    const q = await quote("005930");
    expect(Number(q.stck_prpr)).toBeGreaterThan(0);
    expect(Number(q.stck_mxpr)).toBeGreaterThan(Number(q.stck_llam));
  });

  it("streams real trades as multi-record H0STCNT0 frames and sends encrypted notices of a fill", async () => {
    const approval = await fetch(`${sim.restUrl}/oauth2/Approval`, {
      method: "POST",
      body: JSON.stringify({ grant_type: "client_credentials", appkey: APP_KEY, secretkey: APP_SECRET }),
    });
    const key = String(((await approval.json()) as { approval_key: string }).approval_key);
    const ws = await WsClient.open(`${sim.wsUrl}/tryitout`);
    try {
      ws.request(key, "H0STCNT0", "005930");
      ws.request(key, "H0STCNI0", "HTSID");
      await ws.ack("H0STCNT0");
      const cipher = (await ws.ack("H0STCNI0")).body.output!;
      await advance(5_000);
      const [, , count, payload] = (await ws.next((f) => f.startsWith("0|H0STCNT0|"))).split("|");
      expect(payload!.split("^")).toHaveLength(Number(count) * H0STCNT0_FIELDS.length);

      const q = await quote("005930");
      const order = await kis("POST", ORDER_CASH, "TTTC0012U", orderBody({ ORD_QTY: "3", ORD_UNPR: q.stck_mxpr! }));
      expect(order.json.rt_cd).toBe("0");
      const kinds: string[] = [];
      while (kinds.length < 2) {
        const frame = (await ws.next((f) => f.startsWith("1|H0STCNI0|"))).split("|")[3]!;
        const d = createDecipheriv("aes-256-cbc", Buffer.from(cipher.key), Buffer.from(cipher.iv));
        const fields = Buffer.concat([d.update(Buffer.from(frame, "base64")), d.final()])
          .toString("utf8")
          .split("^");
        expect(fields).toHaveLength(H0STCNI0_FIELDS.length);
        kinds.push(fields[H0STCNI0_FIELDS.indexOf("CNTG_YN")]!);
      }
      expect(kinds).toEqual(["1", "2"]);
    } finally {
      ws.close();
    }
  });

  it("pages a paper balance of 21 holdings as 20 + 1 and a real one as one page", async () => {
    for (const info of DEFAULT_UNIVERSE.slice(0, 21)) {
      const q = await quote(info.code);
      const res = await kis("POST", ORDER_CASH, "VTTC0012U", orderBody({ PDNO: info.code, ORD_QTY: "1", ORD_UNPR: q.stck_mxpr! }));
      expect(res.json.rt_cd, JSON.stringify(res.json)).toBe("0");
    }
    const first = await kis("GET", BALANCE, "VTTC8434R", balanceParams());
    expect(first.headers.get("tr_cont")).toBe("M");
    expect(first.json.output1).toHaveLength(20);
    const second = await kis(
      "GET",
      BALANCE,
      "VTTC8434R",
      balanceParams({ CTX_AREA_FK100: String(first.json.ctx_area_fk100), CTX_AREA_NK100: String(first.json.ctx_area_nk100) }),
      { tr_cont: "N" },
    );
    expect(second.headers.get("tr_cont")).toBe("D");
    expect(second.json.output1).toHaveLength(1);
    const real = await kis("GET", BALANCE, "TTTC8434R", balanceParams());
    expect(real.headers.get("tr_cont")).toBe("D");
    expect(real.json.output1).toHaveLength(21);
  });

  it("offers a cash-only quantity that the exchange accepts", async () => {
    const q = await quote("000660");
    const power = await kis("GET", "/uapi/domestic-stock/v1/trading/inquire-psbl-order", "TTTC8908R", {
      CANO,
      ACNT_PRDT_CD: PRODUCT,
      PDNO: "000660",
      ORD_UNPR: q.stck_mxpr!,
      ORD_DVSN: "00",
      CMA_EVLU_AMT_ICLD_YN: "N",
      OVRS_ICLD_YN: "N",
    });
    const quantity = (power.json.output as Record<string, string>).nrcvb_buy_qty!;
    expect(Number(quantity)).toBeGreaterThan(0);
    const order = await kis("POST", ORDER_CASH, "TTTC0012U", orderBody({ PDNO: "000660", ORD_QTY: quantity, ORD_UNPR: q.stck_mxpr! }));
    expect(order.json.rt_cd, JSON.stringify(order.json)).toBe("0");
  });
});
