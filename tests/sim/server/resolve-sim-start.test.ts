import { describe, expect, it } from "vitest";
import { fromKst } from "../../../core/clock.js";
import { parseSimArgs } from "../../../cli/sim.js";
import { resolveSimStart } from "../../../sim/index.js";

describe("resolveSimStart", () => {
  it("keeps a wall time inside the regular session", () => {
    const wall = fromKst("20261123", "103000");
    expect(resolveSimStart(wall)).toEqual({ startMs: wall });
  });

  it("moves a trading-day morning before 09:00 to 09:00 the same day, with a note", () => {
    const res = resolveSimStart(fromKst("20261123", "083500"));
    expect(res.startMs).toBe(fromKst("20261123", "090000"));
    expect(res.note).toContain("2026-11-23T09:00:00+09:00");
  });

  it("moves an evening to 09:00 of the next trading day", () => {
    expect(resolveSimStart(fromKst("20261123", "200000")).startMs).toBe(fromKst("20261124", "090000"));
  });

  it("skips the weekend and KRX holidays", () => {
    expect(resolveSimStart(fromKst("20261122", "120000")).startMs).toBe(fromKst("20261123", "090000"));
    expect(resolveSimStart(fromKst("20261224", "160000")).startMs).toBe(fromKst("20261228", "090000"));
  });

  it("uses an ISO time with offset as given", () => {
    expect(resolveSimStart(0, "2026-03-02T09:00:00+09:00")).toEqual({ startMs: fromKst("20260302", "090000") });
    expect(resolveSimStart(0, "2026-03-02T00:00:00Z").startMs).toBe(fromKst("20260302", "090000"));
  });

  it("uses epoch ms as given", () => {
    expect(resolveSimStart(0, 1_234)).toEqual({ startMs: 1_234 });
  });

  it.each(["2026-03-02T09:00:00", "tomorrow", "2026-13-45T09:00:00+09:00"])("rejects %s", (start) => {
    expect(() => resolveSimStart(0, start)).toThrow(/ISO time with offset/);
  });
});

describe("parseSimArgs", () => {
  it("applies the defaults", () => {
    expect(parseSimArgs([])).toEqual({ port: 0, seed: 1, speed: 1, stepped: false, json: false, help: false });
  });

  it("reads every option", () => {
    const args = ["--port", "8080", "--seed", "7", "--speed", "60", "--start", "2026-03-02T09:00:00+09:00", "--rate-limit", "18", "--json"];
    expect(parseSimArgs(args)).toEqual({
      port: 8080,
      seed: 7,
      speed: 60,
      stepped: false,
      start: "2026-03-02T09:00:00+09:00",
      rateLimitPerSec: 18,
      json: true,
      help: false,
    });
  });

  it.each([
    [["--port", "70000"], "--port"],
    [["--stepped", "--speed", "60"], "--stepped and --speed exclude each other"],
    [["--speed", "-1"], "--speed"],
    [["--seed", "1.5"], "--seed"],
    [["--rate-limit", "x"], "--rate-limit"],
    [["--colour"], "--colour"],
    [["extra"], "extra"],
  ])("rejects %j naming the option", (args, name) => {
    expect(() => parseSimArgs(args)).toThrow(name);
  });
});
