import { createDecipheriv } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { H0STASP0_FIELDS, H0STCNI0_FIELDS, H0STCNT0_FIELDS, H0STPGM0_FIELDS } from "../../../broker/kis/realtime-layouts.js";
import { ACCOUNT_ID, ORDER_CASH, orderBody, startHarness, type Harness } from "./harness.js";
import { WsClient } from "./ws-client.js";

let h: Harness;
let approval: string;
const clients: WsClient[] = [];
const connect = async (path = "/tryitout") => {
  const c = await WsClient.open(h.wsUrl + path);
  clients.push(c);
  return c;
};

beforeEach(async () => {
  h = await startHarness({ pingIntervalMs: 50 });
  approval = await h.approval();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h.close();
});

const decrypt = (payload: string, key: string, iv: string) => {
  const d = createDecipheriv("aes-256-cbc", Buffer.from(key, "utf8"), Buffer.from(iv, "utf8"));
  return Buffer.concat([d.update(Buffer.from(payload, "base64")), d.final()]).toString("utf8");
};

describe("subscriptions", () => {
  it("acknowledges a registration with an AES key and iv, and refuses a duplicate", async () => {
    const c = await connect();
    c.request(approval, "H0STCNT0", "005930");
    const ack = await c.ack();
    expect(ack.header).toEqual({ tr_id: "H0STCNT0", tr_key: "005930", encrypt: "N" });
    expect(ack.body).toMatchObject({ rt_cd: "0", msg_cd: "OPSP0000", msg1: "SUBSCRIBE SUCCESS" });
    expect(ack.body.output?.key).toMatch(/^[a-z]{32}$/);
    expect(ack.body.output?.iv).toMatch(/^[a-z]{16}$/);
    c.request(approval, "H0STCNT0", "005930");
    expect((await c.ack()).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0002", msg1: "ALREADY IN SUBSCRIBE" });
  });

  it("unsubscribes, and refuses to unsubscribe what is not registered", async () => {
    const c = await connect();
    c.request(approval, "H0STASP0", "005930");
    await c.ack();
    c.request(approval, "H0STASP0", "005930", "2");
    expect((await c.ack()).body).toMatchObject({ rt_cd: "0", msg_cd: "OPSP0001", msg1: "UNSUBSCRIBE SUCCESS" });
    c.request(approval, "H0STASP0", "005930", "2");
    expect((await c.ack()).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0003" });
  });

  it("accepts 41 registrations and refuses the 42nd with OPSP0008", async () => {
    const c = await connect();
    const codes: string[] = [];
    for (let i = 0; i < 42; i++) codes.push(String(100_000 + i));
    for (const code of codes) c.request(approval, "H0STCNT0", code);
    const acks = [];
    for (let i = 0; i < 42; i++) acks.push((await c.ack()).body.msg_cd);
    expect(acks.filter((m) => m === "OPSP0000")).toHaveLength(41);
    expect(acks[41]).toBe("OPSP0008");
  });

  it("refuses a second session of the same app key with OPSP8996 and closes it", async () => {
    const first = await connect();
    first.request(approval, "H0STCNT0", "005930");
    await first.ack();
    const second = await connect();
    second.request(await h.approval(), "H0STCNT0", "000660");
    expect((await second.ack()).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP8996" });
    await second.closed;
    first.request(approval, "H0STCNT0", "000660");
    expect((await first.ack()).body.msg_cd).toBe("OPSP0000");
  });

  it("refuses an unknown approval key", async () => {
    const c = await connect();
    c.request("not-a-key", "H0STCNT0", "005930");
    expect((await c.ack()).body).toMatchObject({ rt_cd: "1", msg_cd: "OPSP0011" });
  });

  it.each(["/tryitout/H0STCNT0", "/"])("accepts connections on %s", async (path) => {
    const c = await connect(path);
    c.request(approval, "H0STCNT0", "005930");
    expect((await c.ack()).body.msg_cd).toBe("OPSP0000");
  });

  it("refuses connections on other paths", async () => {
    await expect(WsClient.open(`${h.wsUrl}/elsewhere`)).rejects.toThrow();
  });
});

describe("PINGPONG", () => {
  it("sends PINGPONG with the simulated time and accepts the client's echo", async () => {
    const c = await connect();
    const ping = await c.next((f) => f.includes("PINGPONG"));
    expect(JSON.parse(ping)).toEqual({ header: { tr_id: "PINGPONG", datetime: "20261123100000" } });
    c.send(ping);
    c.request(approval, "H0STCNT0", "005930");
    expect((await c.ack()).body.msg_cd).toBe("OPSP0000");
  });
});

describe("market frames", () => {
  it("packs the trades flushed together into one H0STCNT0 frame of 46-field records", async () => {
    const c = await connect();
    c.request(approval, "H0STCNT0", "005930");
    await c.ack();
    h.exchange.trade("005930", 70_100, 3);
    h.exchange.trade("005930", 70_200, 4);
    h.exchange.trade("000660", 200_500, 1);
    const frame = await c.next((f) => f.startsWith("0|H0STCNT0|"));
    const [, , count, payload] = frame.split("|");
    expect(count).toBe("002");
    const fields = payload!.split("^");
    expect(fields).toHaveLength(2 * H0STCNT0_FIELDS.length);
    expect([fields[0], fields[2], fields[12]]).toEqual(["005930", "70100", "3"]);
    expect(c.pending().some((f) => f.includes("000660"))).toBe(false);
  });

  it("sends the latest book as one H0STASP0 record and program prints as H0STPGM0", async () => {
    const c = await connect();
    c.request(approval, "H0STASP0", "005930");
    c.request(approval, "H0STPGM0", "005930");
    await c.ack("H0STASP0");
    await c.ack("H0STPGM0");
    h.exchange.trade("005930", 70_100, 3);
    h.exchange.trade("005930", 70_300, 3);
    h.exchange.program("005930", 500, 200);
    const book = (await c.next((f) => f.startsWith("0|H0STASP0|"))).split("|");
    expect(book[2]).toBe("001");
    expect(book[3]!.split("^")).toHaveLength(H0STASP0_FIELDS.length);
    expect(book[3]!.split("^")[3]).toBe("70400");
    const program = (await c.next((f) => f.startsWith("0|H0STPGM0|"))).split("|")[3]!.split("^");
    expect(program).toHaveLength(H0STPGM0_FIELDS.length);
    expect(program[6]).toBe("300");
  });
});

describe("execution notices", () => {
  it("sends encrypted 26-field notices of the session's own orders", async () => {
    const c = await connect();
    c.request(approval, "H0STCNI0", "HTSUSER01");
    const ack = await c.ack();
    expect(ack.header.encrypt).toBe("Y");
    const { key, iv } = ack.body.output!;
    await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_UNPR: "70100" }) });
    const records: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const [enc, trId, count, payload] = (await c.next((f) => f.startsWith("1|"))).split("|");
      expect([enc, trId, count]).toEqual(["1", "H0STCNI0", "001"]);
      records.push(decrypt(payload!, key, iv).split("^"));
    }
    for (const r of records) expect(r).toHaveLength(H0STCNI0_FIELDS.length);
    const cntgYn = H0STCNI0_FIELDS.indexOf("CNTG_YN");
    expect(records.map((r) => r[cntgYn])).toEqual(["1", "2"]);
    expect(records[1]).toEqual(expect.arrayContaining(["HTSUSER01", ACCOUNT_ID, "0000000001", "005930"]));
  });

  it("sends paper notices on H0STCNI9 and none to another app key's session", async () => {
    const mine = await connect();
    mine.request(approval, "H0STCNI9", "HTSUSER01");
    const { key, iv } = (await mine.ack()).body.output!;
    const other = await connect();
    other.request(await h.approval("other-key", "other-secret"), "H0STCNI0", "HTSUSER01");
    await other.ack();
    await h.post(ORDER_CASH, { trId: "VTTC0012U", body: orderBody({ ORD_UNPR: "69000" }) });
    const frame = await mine.next((f) => f.startsWith("1|H0STCNI9|"));
    expect(decrypt(frame.split("|")[3]!, key, iv).split("^")).toHaveLength(26);
    other.request(await h.approval("other-key", "other-secret"), "H0STCNT0", "005930");
    await other.ack("H0STCNT0");
    expect(other.pending().filter((f) => f.startsWith("1|"))).toEqual([]);
  });
});
