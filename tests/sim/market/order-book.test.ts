import { describe, expect, it } from "vitest";
import { isOnTickGrid, priceLimits, stepTicks } from "../../../venue/krx.js";
import { createBook, recentre, stepThrough } from "../../../sim/market/order-book.js";
import { Rng } from "../../../sim/market/random.js";
import { CONTINUOUS_MINUTES, MINUTE_WEIGHTS, nextArrivalMs } from "../../../sim/market/volume-profile.js";

describe("order book", () => {
  const band = priceLimits(19_990);

  it("builds ten levels a tick apart across a tick-band edge", () => {
    const book = createBook("TEST01");
    recentre(book, 19_970, band, new Rng(1), 100, true);
    expect(book.bids.map((l) => l.priceKrw)).toEqual(Array.from({ length: 10 }, (_, i) => stepTicks(19_970, -i)));
    expect(book.asks.map((l) => l.priceKrw)).toEqual([19_980, 19_990, 20_000, 20_050, 20_100, 20_150, 20_200, 20_250, 20_300, 20_350]);
    expect(book.totalAskQuantity).toBe(book.asks.reduce((s, l) => s + l.quantity, 0));
  });

  it("keeps queues that stay on the book when it moves and refills the new levels", () => {
    const book = createBook("TEST01");
    const rng = new Rng(2);
    recentre(book, 19_000, band, rng, 100, true);
    const askQueues = book.asks.map((l) => l.quantity);
    expect(recentre(book, 19_020, band, rng, 100)).toBe(true);
    expect(book.asks.slice(0, 8).map((l) => l.quantity)).toEqual(askQueues.slice(2));
    expect(book.bids[0]!.priceKrw).toBe(19_020);
    expect(recentre(book, 19_020, band, rng, 100)).toBe(false);
  });

  it("pins the best ask at the upper limit and leaves prices beyond the band empty", () => {
    const book = createBook("TEST01");
    recentre(book, band.upperKrw + 1_000, band, new Rng(3), 100, true);
    expect(book.asks[0]!.priceKrw).toBe(band.upperKrw);
    expect(book.asks.slice(1).every((l) => l.priceKrw === 0 && l.quantity === 0)).toBe(true);
    expect([...book.bids, book.asks[0]!].every((l) => isOnTickGrid(l.priceKrw) && l.quantity > 0)).toBe(true);
  });

  it("refills an emptied best bid in place when it sits on the lower limit", () => {
    const book = createBook("TEST01");
    const rng = new Rng(4);
    recentre(book, band.lowerKrw, band, rng, 100, true);
    book.bids[0]!.quantity = 0;
    stepThrough(book, false, band, rng, 100);
    expect(book.bids[0]).toMatchObject({ priceKrw: band.lowerKrw });
    expect(book.bids[0]!.quantity).toBeGreaterThan(0);
  });
});

describe("volume profile", () => {
  it("weights the open and the close above midday and sums to one", () => {
    const sum = MINUTE_WEIGHTS.reduce((s, w) => s + w, 0);
    expect(sum).toBeCloseTo(1, 9);
    expect(MINUTE_WEIGHTS[0]!).toBeGreaterThan(3 * MINUTE_WEIGHTS[180]!);
    expect(MINUTE_WEIGHTS[CONTINUOUS_MINUTES - 1]!).toBeGreaterThan(1.5 * MINUTE_WEIGHTS[180]!);
  });

  it("draws arrivals inside the session and none after 15:20", () => {
    const open = 0;
    const end = CONTINUOUS_MINUTES * 60_000;
    expect(nextArrivalMs(open, open, 30_000, 0.5)).toBeGreaterThan(open);
    expect(nextArrivalMs(end - 1, open, 30_000, 50)).toBe(Infinity);
    const rng = new Rng(5);
    let t = open;
    let n = 0;
    while ((t = nextArrivalMs(t, open, 30_000, rng.exponential())) < end) n++;
    expect(n).toBeGreaterThan(29_000);
    expect(n).toBeLessThan(31_000);
  });
});
