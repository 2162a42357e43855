import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BALANCE, balanceParams, CANO, ORDER_CASH, orderBody, PRODUCT, QUOTE, startHarness, type Harness } from "./harness.js";

const STOCK = { FID_COND_MRKT_DIV_CODE: "J", FID_INPUT_ISCD: "005930" };
const DAILY = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld";
const OPEN = "/uapi/domestic-stock/v1/trading/inquire-psbl-rvsecncl";
const HOLIDAYS = "/uapi/domestic-stock/v1/quotations/chk-holiday";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe("gateway errors", () => {
  it("answers OPSQ0002 over HTTP 500 for a tr_id of another path", async () => {
    const res = await h.get(QUOTE, { trId: "TTTC8434R", params: STOCK });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ rt_cd: "1", msg_cd: "OPSQ0002", msg1: expect.stringContaining("없는 서비스 코드 입니다") });
  });

  it("answers OPSQ0002 for a paper tr_id that KIS does not offer", async () => {
    const res = await h.get(OPEN, { trId: "VTTC0084R", params: { CANO, ACNT_PRDT_CD: PRODUCT } });
    expect(res.json.msg_cd).toBe("OPSQ0002");
  });

  it("answers 404 with OPSQ0002 for an unknown path", async () => {
    const res = await h.get("/uapi/domestic-stock/v1/quotations/no-such-thing", { trId: "FHKST01010100" });
    expect(res.status).toBe(404);
    expect(res.json.msg_cd).toBe("OPSQ0002");
  });

  it("answers OPSQ0001 over HTTP 400 for a malformed JSON body", async () => {
    const res = await h.post(ORDER_CASH, { trId: "TTTC0012U", rawBody: "[1,2" });
    expect(res.status).toBe(400);
    expect(res.json.msg_cd).toBe("OPSQ0001");
  });

  it.each([
    ["CANO", { CANO: "1234567" }],
    ["ACNT_PRDT_CD", { ACNT_PRDT_CD: "1" }],
    ["AFHR_FLPR_YN", { AFHR_FLPR_YN: "Q" }],
  ])("answers OPSQ2001 naming %s over HTTP 200", async (field, extra) => {
    const res = await h.get(BALANCE, { trId: "TTTC8434R", params: balanceParams(extra) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ rt_cd: "1", msg_cd: "OPSQ2001" });
    expect(String(res.json.msg1)).toContain(field);
  });

  it("accepts GET parameters in lower case", async () => {
    const res = await h.get(QUOTE, { trId: "FHKST01010100", params: { fid_cond_mrkt_div_code: "J", fid_input_iscd: "005930" } });
    expect(res.json.rt_cd).toBe("0");
  });

  it("refuses accounts outside allowedAccounts", async () => {
    await h.close();
    h = await startHarness({ allowedAccounts: ["99999999-01"] });
    expect((await h.get(BALANCE, { trId: "TTTC8434R", params: balanceParams() })).json.msg_cd).toBe("OPSQ2001");
    expect((await h.get(BALANCE, { trId: "TTTC8434R", params: balanceParams({ CANO: "99999999" }) })).json.rt_cd).toBe("0");
  });
});

describe("rate limit", () => {
  it("answers EGW00201 over HTTP 500 past the per-second budget of an app key", async () => {
    await h.close();
    h = await startHarness({ rateLimitPerSec: 2 });
    const token = await h.token();
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) statuses.push(String((await h.get(QUOTE, { trId: "FHKST01010100", params: STOCK, token })).json.msg_cd));
    expect(statuses.slice(0, 1)).toEqual(["MCA00000"]);
    expect(statuses[2]).toBe("EGW00201");
    h.wall.advance(1000);
    expect((await h.get(QUOTE, { trId: "FHKST01010100", params: STOCK, token })).json.rt_cd).toBe("0");
  });

  it("keeps separate budgets per app key", async () => {
    await h.close();
    h = await startHarness({ rateLimitPerSec: 1 });
    await h.token();
    expect(
      (await h.get(QUOTE, { trId: "FHKST01010100", params: STOCK, token: null, appKey: "other-key", appSecret: "other-secret" })).json
        .msg_cd,
    ).toBe("EGW00121");
  });
});

describe("paging", () => {
  const walk = async (path: string, trId: string, params: Record<string, string>, fk = "CTX_AREA_FK100", nk = "CTX_AREA_NK100") => {
    const pages: Array<{ trCont: string | null; rows: number }> = [];
    let cursor = { fk: "", nk: "" };
    for (let i = 0; i < 10; i++) {
      const res = await h.get(path, {
        trId,
        params: { ...params, [fk]: cursor.fk, [nk]: cursor.nk },
        headers: i > 0 ? { tr_cont: "N" } : {},
      });
      const rows = (res.json.output1 ?? res.json.output) as unknown[];
      pages.push({ trCont: res.headers.get("tr_cont"), rows: rows.length });
      if (res.headers.get("tr_cont") !== "M") break;
      cursor = { fk: String(res.json[fk.toLowerCase()]), nk: String(res.json[nk.toLowerCase()]) };
    }
    return pages;
  };

  it("walks daily orders in pages of 15 on paper and 100 on real", async () => {
    for (let i = 0; i < 20; i++) await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_QTY: "1", ORD_UNPR: "69000" }) });
    const params = {
      CANO,
      ACNT_PRDT_CD: PRODUCT,
      INQR_STRT_DT: "20261123",
      INQR_END_DT: "20261123",
      SLL_BUY_DVSN_CD: "00",
      INQR_DVSN: "00",
      PDNO: "",
      CCLD_DVSN: "00",
      ORD_GNO_BRNO: "",
      ODNO: "",
      INQR_DVSN_3: "00",
      INQR_DVSN_1: "",
      EXCG_ID_DVSN_CD: "KRX",
    };
    expect(await walk(DAILY, "VTTC0081R", params)).toEqual([
      { trCont: "M", rows: 15 },
      { trCont: "D", rows: 5 },
    ]);
    expect(await walk(DAILY, "TTTC0081R", params)).toEqual([{ trCont: "D", rows: 20 }]);
  });

  it("walks open orders in pages of 50", async () => {
    for (let i = 0; i < 55; i++) await h.post(ORDER_CASH, { trId: "TTTC0012U", body: orderBody({ ORD_QTY: "1", ORD_UNPR: "68000" }) });
    const pages = await walk(OPEN, "TTTC0084R", { CANO, ACNT_PRDT_CD: PRODUCT, INQR_DVSN_1: "0", INQR_DVSN_2: "0" });
    expect(pages).toEqual([
      { trCont: "M", rows: 50 },
      { trCont: "D", rows: 5 },
    ]);
  });

  it("walks the holiday calendar with CTX_AREA_FK/NK", async () => {
    const pages = await walk(HOLIDAYS, "CTCA0903R", { BASS_DT: "20261123" }, "CTX_AREA_FK", "CTX_AREA_NK");
    expect(pages.map((p) => p.trCont)).toEqual(["M", "M", "D"]);
    expect(pages.reduce((n, p) => n + p.rows, 0)).toBe(60);
  });

  it("marks KRX closures as not open in the calendar", async () => {
    const res = await h.get(HOLIDAYS, { trId: "CTCA0903R", params: { BASS_DT: "20261225", CTX_AREA_FK: "", CTX_AREA_NK: "" } });
    const rows = res.json.output as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ bass_dt: "20261225", opnd_yn: "N" });
    expect(rows.find((r) => r.bass_dt === "20261228")).toMatchObject({ opnd_yn: "Y", wday_dvsn_cd: "02" });
  });

  it("refuses a cursor from another query", async () => {
    const res = await h.get(BALANCE, {
      trId: "TTTC8434R",
      params: balanceParams({ CTX_AREA_FK100: "someone-else", CTX_AREA_NK100: "0000000001" }),
      headers: { tr_cont: "N" },
    });
    expect(res.json.msg_cd).toBe("OPSQ2001");
  });
});
