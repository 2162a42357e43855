import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPayload, encryptPayload } from "../../../broker/kis/notice-crypto.js";
import { decodeNotices } from "../../../broker/kis/notices.js";
import { H0STCNI0_FIELDS } from "../../../broker/kis/realtime-layouts.js";

const AES = { key: randomBytes(16).toString("hex"), iv: randomBytes(8).toString("hex") };

function noticeFields(values: Record<string, string>): string[] {
  const defaults: Record<string, string> = {
    CUST_ID: "htsid",
    ACNT_NO: "5012345601",
    ODER_NO: "0000012345",
    OODER_NO: "",
    SELN_BYOV_CLS: "02",
    RCTF_CLS: "0",
    ODER_KIND: "00",
    ODER_COND: "0",
    STCK_SHRN_ISCD: "005930",
    CNTG_QTY: "10",
    CNTG_UNPR: "70000",
    STCK_CNTG_HOUR: "093001",
    RFUS_YN: "0",
    CNTG_YN: "2",
    ACPT_YN: "1",
    BRNC_NO: "06010",
    ODER_QTY: "10",
    ACNT_NAME: "홍길동",
    ORD_COND_PRC: "",
    ORD_EXG_GB: "1",
    POPUP_YN: "Y",
    FILLER: "",
    CRDT_CLS: "",
    CRDT_LOAN_DATE: "",
    CNTG_ISNM40: "삼성전자",
    ODER_PRC: "70000",
  };
  return H0STCNI0_FIELDS.map((name) => values[name] ?? defaults[name] ?? "");
}

describe("execution notices", () => {
  it("round-trips an encrypted fill through node:crypto AES-256-CBC", () => {
    const plaintext = noticeFields({}).join("^");
    const payload = encryptPayload(plaintext, AES);
    const decoded = decodeNotices(decryptPayload(payload, AES), 1);
    expect(decoded).toMatchObject({ ok: true, width: 26 });
    expect(decoded.ok && decoded.notices[0]).toEqual({
      event: "filled",
      accountNo: "5012345601",
      orderNo: "0000012345",
      originalOrderNo: "",
      side: "buy",
      symbol: "005930",
      quantity: 10,
      priceKrw: 70_000,
      orderQuantity: 10,
      time: "093001",
      branchNo: "06010",
      orderPriceKrw: 70_000,
      symbolName: "삼성전자",
    });
  });

  it("tells acknowledgements from fills by the event codes", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ CNTG_YN: "1", ACPT_YN: "1" }, "accepted"],
      [{ CNTG_YN: "1", ACPT_YN: "2", RCTF_CLS: "1" }, "modified"],
      [{ CNTG_YN: "1", ACPT_YN: "2", RCTF_CLS: "2" }, "cancelled"],
      [{ CNTG_YN: "1", RFUS_YN: "1" }, "rejected"],
      [{ CNTG_YN: "1", ACPT_YN: "3" }, "unfilled-cancelled"],
      [{ SELN_BYOV_CLS: "01" }, "filled"],
    ];
    const plaintext = cases.map(([values]) => noticeFields(values).join("^")).join("^");
    const decoded = decodeNotices(plaintext, cases.length);
    expect(decoded.ok && decoded.notices.map((n) => n.event)).toEqual(cases.map(([, event]) => event));
    expect(decoded.ok && decoded.notices[5]?.side).toBe("sell");
  });

  it("maps the first 17 fields of an older 23-field layout by position", () => {
    const old = noticeFields({}).slice(0, 23);
    const decoded = decodeNotices(old.join("^"), 1);
    expect(decoded).toMatchObject({ ok: true, width: 23, notices: [{ symbol: "005930", quantity: 10, orderQuantity: 10 }] });
    expect(decoded.ok && decoded.notices[0]?.orderPriceKrw).toBeUndefined();
  });

  it("reports a width that does not divide into the record count", () => {
    expect(decodeNotices(noticeFields({}).join("^"), 2)).toEqual({ ok: false, tokens: 26, count: 2 });
  });

  it("fails with FEED_ERROR on a wrong key", () => {
    const payload = encryptPayload("a^b^c", AES);
    expect(() => decryptPayload(payload, { ...AES, key: "x".repeat(32) })).toThrow(expect.objectContaining({ code: "FEED_ERROR" }));
    expect(() => decryptPayload(payload, { key: "short", iv: AES.iv })).toThrow(/32-byte/);
  });
});
