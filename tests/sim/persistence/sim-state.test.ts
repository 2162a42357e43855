import { describe, expect, it } from "vitest";
import { parseSimArgs } from "../../../cli/sim.js";
import type { MatchingSnapshot } from "../../../sim/matching/matching-snapshot.js";
import { appKeyFingerprint, parseSimState, toSimState } from "../../../sim/persistence/sim-state.js";

const APP_KEY = "PSstateAppKey000000000000000000000000";

const snapshot = (): MatchingSnapshot => ({
  savedAtMs: 1_795_000_000_000,
  lastOrderNo: 2,
  reservePerShareKrw: { "0000000002": 70_000 },
  accounts: [
    {
      id: "5000123401",
      cashKrw: 99_000_000,
      positions: [{ code: "005930", quantity: 10, purchaseAmountKrw: 710_000, boughtToday: 10, soldToday: 0 }],
      orders: [
        {
          accountId: "5000123401",
          orderNo: "0000000001",
          orgNo: "91252",
          code: "005930",
          side: "buy",
          type: "market",
          quantity: 10,
          priceKrw: 0,
          filledQuantity: 10,
          filledAmountKrw: 710_000,
          cancelledQuantity: 0,
          rejectedQuantity: 0,
          status: "filled",
          placedMs: 1_794_999_000_000,
          appKey: APP_KEY,
        },
        {
          accountId: "5000123401",
          orderNo: "0000000002",
          orgNo: "91252",
          code: "005930",
          side: "buy",
          type: "limit",
          quantity: 3,
          priceKrw: 70_000,
          filledQuantity: 0,
          filledAmountKrw: 0,
          cancelledQuantity: 0,
          rejectedQuantity: 0,
          status: "open",
          placedMs: 1_794_999_500_000,
          appKey: APP_KEY,
        },
      ],
      fills: [
        {
          accountId: "5000123401",
          orderNo: "0000000001",
          code: "005930",
          side: "buy",
          quantity: 10,
          priceKrw: 71_000,
          timeMs: 1_794_999_000_000,
          feeKrw: 106,
          taxKrw: 0,
        },
      ],
      dailyPnl: [{ date: "20261123", buyAmountKrw: 710_000, sellAmountKrw: 0, realizedPnlKrw: 0, feeKrw: 106, taxKrw: 0 }],
    },
  ],
});

describe("the simulator state file format", () => {
  it("parses what it writes, with app keys replaced by fingerprints", () => {
    const text = JSON.stringify(toSimState(3, snapshot()));

    const state = parseSimState(text, "state.json");

    expect(text).not.toContain(APP_KEY);
    expect(state.seed).toBe(3);
    const fingerprint = appKeyFingerprint(APP_KEY);
    expect(state.accounts).toEqual({
      ...snapshot(),
      accounts: [{ ...snapshot().accounts[0]!, orders: snapshot().accounts[0]!.orders.map((o) => ({ ...o, appKey: fingerprint })) }],
    });
  });

  it("fingerprints an app key once: a restored order saved again keeps its fingerprint", () => {
    const once = appKeyFingerprint(APP_KEY);
    expect(once).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(appKeyFingerprint(once)).toBe(once);
    expect(appKeyFingerprint("another key")).not.toBe(once);
  });

  it.each([
    ["text that is not JSON", '{"version":'],
    ["another version", JSON.stringify({ ...toSimState(1, snapshot()), version: 2 })],
    [
      "a fractional cash amount",
      JSON.stringify(toSimState(1, { ...snapshot(), accounts: [{ ...snapshot().accounts[0]!, cashKrw: 1.5 }] })),
    ],
    ["an unknown field", JSON.stringify({ ...toSimState(1, snapshot()), tokens: [] })],
  ])("rejects %s with DATA_INVALID naming the file", (_, text) => {
    expect(() => parseSimState(text, "/data/sim-state.json")).toThrow(
      expect.objectContaining({ code: "DATA_INVALID", message: expect.stringContaining("/data/sim-state.json") }),
    );
  });
});

describe("kis-agent sim --state", () => {
  it("takes a state file path and keeps it absent by default", () => {
    expect(parseSimArgs(["--state", "data/sim-state.json"]).stateFile).toBe("data/sim-state.json");
    expect(parseSimArgs([])).not.toHaveProperty("stateFile");
  });

  it("rejects an empty path", () => {
    expect(() => parseSimArgs(["--state", " "])).toThrow("--state: expected a file path");
  });
});
