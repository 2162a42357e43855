import { describe, expect, it } from "vitest";
import { parseReplayArgs } from "../../cli/start-replay.js";

describe("start --replay arguments", () => {
  it("is absent without --replay", () => {
    expect(parseReplayArgs({})).toBeUndefined();
  });

  it("reads the days, the first day and the step in seconds", () => {
    expect(parseReplayArgs({ replay: "2", "replay-from": "20261019", "replay-step": "30" })).toEqual({
      days: 2,
      from: "20261019",
      stepMs: 30_000,
    });
    expect(parseReplayArgs({ replay: "1" })).toEqual({ days: 1, stepMs: 60_000 });
  });

  it.each([
    [{ replay: "0" }, "--replay: expected a positive integer, received '0'"],
    [{ replay: "1.5" }, "--replay: expected a positive integer"],
    [{ replay: "1", "replay-from": "2026-10-19" }, "--replay-from: expected YYYYMMDD"],
    [{ replay: "1", "replay-step": "-5" }, "--replay-step: expected a positive integer"],
    [{ "replay-from": "20261019" }, "--replay-from and --replay-step go with --replay DAYS"],
  ])("refuses %j", (values, message) => {
    expect(() => parseReplayArgs(values)).toThrow(message);
  });
});
