import { describe, expect, it } from "vitest";
import type { Trade } from "../../db/trades-repo.js";
import { buildLedger, consecutiveLosses, realizedPnlKrw, unrealizedPnlKrw } from "../../ledger/round-trips.js";

// Fees throughout: 0.015 % commission per side and 0.2 % sell tax, each floored to whole KRW.
let nextId = 1;
function trade(action: "buy" | "sell", quantity: number, priceKrw: number, atMs: number, overrides: Partial<Trade> = {}): Trade {
  const id = nextId++;
  return {
    id,
    runId: "r",
    ticker: "005930",
    action,
    quantity,
    priceKrw,
    timestampMs: atMs,
    justificationText: "",
    marketSnapshot: {},
    portfolioBefore: {},
    executionStatus: "FILLED",
    createdAtMs: atMs,
    updatedAtMs: atMs,
    ...overrides,
  };
}

describe("ledger: FIFO lots, fees and tax", () => {
  it("nets one round trip of commissions on both sides and the sell tax", () => {
    // buy 10 × 70,000 = 700,000, commission 105; sell 10 × 71,000 = 710,000, commission 106 (106.5), tax 1,420.
    const { trips, open } = buildLedger([trade("buy", 10, 70_000, 1), trade("sell", 10, 71_000, 2)]);
    expect(trips).toEqual([
      expect.objectContaining({
        quantity: 10,
        entryPriceKrw: 70_000,
        exitPriceKrw: 71_000,
        costsKrw: 105 + 106 + 1_420,
        pnlKrw: 10_000 - 1_631,
      }),
    ]);
    expect(open.get("005930")).toEqual([]);
  });

  it("closes the oldest lot first across several lots, splitting the sell's costs by shares", () => {
    // Lots: 10 @ 70,000 (commission 105) and 10 @ 72,000 (720,000 → 108).
    // Sell 15 @ 73,000 = 1,095,000: commission 164 (164.25), tax 2,190 → 2,354 split 10:5.
    const { trips, open } = buildLedger([trade("buy", 10, 70_000, 1), trade("buy", 10, 72_000, 2), trade("sell", 15, 73_000, 3)]);
    // Lot 1, 10 shares: 730,000 − (700,000 + 105) − 2,354 × 10/15 = 29,895 − 1,569.33 → 28,326.
    // Lot 2, 5 of 10 shares: 365,000 − (720,108 × 5/10) − 2,354 × 5/15 = 4,946 − 784.67 → 4,161.
    expect(trips.map((t) => [t.quantity, t.entryPriceKrw, t.pnlKrw])).toEqual([
      [10, 70_000, 28_326],
      [5, 72_000, 4_161],
    ]);
    expect(open.get("005930")?.map((l) => [l.quantity, l.priceKrw, l.costBasisKrw])).toEqual([[5, 72_000, 360_054]]);
  });

  it("counts only the filled part of a partial fill, from the intent's fill totals", () => {
    const buy = trade("buy", 10, 70_000, 1, { intentKey: "b", executionStatus: "PARTIAL" });
    const sell = trade("sell", 4, 0, 2, { intentKey: "s", executionStatus: "PARTIAL" });
    const fills = new Map([
      ["b", { filledQuantity: 6, averageFillPriceKrw: 69_900 }],
      ["s", { filledQuantity: 4, averageFillPriceKrw: 70_500 }],
    ]);
    const { trips, open } = buildLedger([buy, sell], { byIntentKey: (k) => fills.get(k) });
    // buy 6 × 69,900 = 419,400, commission 62 (62.91); sell 4 × 70,500 = 282,000, commission 42 (42.3), tax 564.
    // 282,000 − 419,462 × 4/6 − 606 = 282,000 − 279,641.33 − 606 → 1,753.
    expect(trips.map((t) => [t.quantity, t.pnlKrw])).toEqual([[4, 1_753]]);
    expect(open.get("005930")?.map((l) => l.quantity)).toEqual([2]);
  });

  it("leaves out orders that never filled and sells of shares the ledger never saw bought", () => {
    const { trips } = buildLedger([trade("buy", 10, 70_000, 1, { executionStatus: "CANCELLED" }), trade("sell", 5, 71_000, 2)]);
    expect(trips).toEqual([]);
  });

  it("counts a loss then a win as a streak broken by the win; two losses after it as a streak of two", () => {
    const loss = [trade("buy", 10, 70_000, 1), trade("sell", 10, 69_000, 2)];
    const win = [trade("buy", 10, 70_000, 3), trade("sell", 10, 72_000, 4)];
    expect(consecutiveLosses(buildLedger([...loss, ...win]).trips)).toBe(0);
    const later = [trade("buy", 10, 70_000, 5), trade("sell", 10, 70_000, 6), trade("buy", 10, 70_000, 7), trade("sell", 10, 69_500, 8)];
    // A sell at the buy price still loses its costs (105 + 105 + 1,400): a loss.
    expect(consecutiveLosses(buildLedger([...loss, ...win, ...later]).trips)).toBe(2);
  });

  it("counts one sell that closes several lots as one loss, not one per lot", () => {
    const trips = buildLedger([trade("buy", 5, 70_000, 1), trade("buy", 5, 70_000, 2), trade("sell", 10, 68_000, 3)]).trips;
    expect(trips).toHaveLength(2);
    expect(consecutiveLosses(trips)).toBe(1);
  });

  it("sums realised P&L by the day the round trip closed", () => {
    const { trips } = buildLedger([trade("buy", 10, 70_000, 1), trade("sell", 5, 71_000, 10), trade("sell", 5, 72_000, 20)]);
    // sell 5 × 71,000 = 355,000: commission 53 (53.25), tax 710; buy basis 700,105 / 2 = 350,052.5 → 355,000 − 350,052.5 − 763 = 4,184.5 → 4,185 (rounded half up).
    expect(realizedPnlKrw(trips, 0, 15)).toBe(4_185);
    // sell 5 × 72,000 = 360,000: commission 54, tax 720 → 360,000 − 350,052.5 − 774 = 9,173.5 → 9,174.
    expect(realizedPnlKrw(trips, 15)).toBe(9_174);
  });

  it("values unrealised P&L against the lots' cost basis, and KIS's average price for shares bought outside the ledger", () => {
    const { open } = buildLedger([trade("buy", 10, 70_000, 1)]);
    // 12 held: 10 from the lot (700,105) and 2 at KIS's average 65,000; at 71,000: 852,000 − 700,105 − 130,000.
    expect(unrealizedPnlKrw(open, [{ symbol: "005930", quantity: 12, averagePriceKrw: 65_000 }], { "005930": 71_000 })).toBe(21_895);
    // A loss against what was paid, even if the price is up from yesterday's close.
    expect(unrealizedPnlKrw(open, [{ symbol: "005930", quantity: 10, averagePriceKrw: 70_010 }], { "005930": 69_000 })).toBe(-10_105);
  });
});
