import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors.js";
import { backoffDelayMs, READ_RETRY, withRetry } from "../../../broker/kis/retry.js";

describe("withRetry", () => {
  it("backs off exponentially with jitter, capped", () => {
    const low = [1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(attempt, READ_RETRY, () => 0));
    const high = [1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(attempt, READ_RETRY, () => 0.999));

    expect(low).toEqual([125, 250, 500, 1000, 2000]);
    expect(high.every((ms, i) => ms > (low[i] ?? 0) && ms <= READ_RETRY.maxDelayMs)).toBe(true);
  });

  it("retries a retryable failure and stops at the first success", async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new AppError("BROKER_UNAVAILABLE", "HTTP 503", { retryable: true });
        return "ok";
      },
      { policy: READ_RETRY, sleep: async () => {}, random: () => 0 },
    );

    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });

  it("does not retry a rejection", async () => {
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        throw new AppError("BROKER_REJECTED", "no", { venueCode: "APBK0656" });
      },
      { policy: READ_RETRY, sleep: async () => {}, random: () => 0 },
    );

    await expect(attempt).rejects.toMatchObject({ code: "BROKER_REJECTED" });
    expect(calls).toBe(1);
  });
});
