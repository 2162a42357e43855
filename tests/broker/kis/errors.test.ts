import { describe, expect, it } from "vitest";
import { isAmbiguous, isTokenRejected, toKisError } from "../../../broker/kis/errors.js";

const WHAT = "KIS quote (FHKST01010100)";
const body = (msgCd: string, msg1 = "message  ") => ({ rt_cd: "1", msg_cd: msgCd, msg1 });

describe("toKisError", () => {
  it.each([
    [500, "EGW00201", "BROKER_RATE_LIMITED", true],
    [500, "EGW00123", "BROKER_AUTH", false],
    [500, "EGW00121", "BROKER_AUTH", false],
    [500, "EGW00103", "BROKER_AUTH", false],
    [403, "EGW00133", "BROKER_TOKEN_THROTTLED", true],
    [500, "OPSQ0002", "BROKER_UNSUPPORTED", false],
    [400, "OPSQ0001", "BROKER_REJECTED", false],
    [200, "APBK0919", "BROKER_REJECTED", false],
    [200, "40580000", "BROKER_REJECTED", false],
    [502, "EGW00999", "BROKER_UNAVAILABLE", true],
    [500, "APBK0952", "BROKER_UNAVAILABLE", true],
  ])("maps HTTP %i %s to %s", (status, msgCd, code, retryable) => {
    const err = toKisError(WHAT, status, body(msgCd));

    expect(err).toMatchObject({ code, retryable, venueCode: msgCd });
    expect(err.message).toBe(`${WHAT}: message (${msgCd})`);
  });

  it("reads the oauth error shape (error_code / error_description)", () => {
    const err = toKisError("KIS token", 403, {
      error_code: "EGW00133",
      error_description: "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)",
    });

    expect(err).toMatchObject({ code: "BROKER_TOKEN_THROTTLED", retryAfterMs: 60_000 });
  });

  it("treats a 5xx without a KIS body as unavailable and retryable", () => {
    expect(toKisError(WHAT, 502, "<html>")).toMatchObject({ code: "BROKER_UNAVAILABLE", retryable: true });
  });

  it("classifies token rejections and ambiguous failures", () => {
    expect(isTokenRejected(toKisError(WHAT, 500, body("EGW00123")))).toBe(true);
    expect(isTokenRejected(toKisError(WHAT, 500, body("EGW00103")))).toBe(false);
    expect(isAmbiguous(toKisError(WHAT, 504, undefined))).toBe(true);
    expect(isAmbiguous(toKisError(WHAT, 200, body("APBK0952")))).toBe(false);
  });
});
