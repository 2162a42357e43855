/**
 * Minute bars of a past day, rebuilt from its daily bar: a seeded path from the open through the
 * day's high and low to the close, on the tick grid, with the day's volume spread along the
 * intraday profile. The minutes add up to the daily bar exactly (first open, last close, extreme
 * high and low, total volume), so minute and daily history never disagree.
 */
import type { Bar } from "../exchange.js";
import { toGridInBand } from "./symbol-market.js";
import { deriveSeed, Rng } from "./random.js";
import { CONTINUOUS_MINUTES, MINUTE_WEIGHTS } from "./volume-profile.js";

/** Share of the day's volume traded in the 15:30 closing auction. */
const CLOSING_AUCTION_SHARE = 0.03;

const hhmmss = (minuteOfSession: number): string => {
  const m = 9 * 60 + minuteOfSession;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}${String(m % 60).padStart(2, "0")}00`;
};

/** Anchor prices at minutes: open at 0, the high and the low at seeded minutes, the close at the end. */
function anchors(day: Bar, rng: Rng): Array<[number, number]> {
  const a = 1 + Math.floor(rng.next() * (CONTINUOUS_MINUTES - 2));
  let b = 1 + Math.floor(rng.next() * (CONTINUOUS_MINUTES - 2));
  if (b === a) b = a === 1 ? 2 : a - 1;
  const highFirst = day.closeKrw < day.openKrw ? rng.next() < 0.65 : rng.next() < 0.35;
  const [first, second] = a < b ? [a, b] : [b, a];
  const points: Array<[number, number]> = [
    [0, day.openKrw],
    [first, highFirst ? day.highKrw : day.lowKrw],
    [second, highFirst ? day.lowKrw : day.highKrw],
    [CONTINUOUS_MINUTES - 1, day.closeKrw],
  ];
  return points;
}

function pathPrices(day: Bar, rng: Rng): number[] {
  const band = { upperKrw: day.highKrw, lowerKrw: day.lowKrw };
  const points = anchors(day, rng);
  const prices: number[] = [];
  const noise = (day.highKrw - day.lowKrw) * 0.08;
  for (let k = 0; k + 1 < points.length; k++) {
    const [m0, p0] = points[k]!;
    const [m1, p1] = points[k + 1]!;
    for (let m = m0; m < m1 || (k + 2 === points.length && m === m1); m++) {
      const t = m1 === m0 ? 1 : (m - m0) / (m1 - m0);
      const bridge = Math.sin(Math.PI * t);
      prices[m] = toGridInBand(p0 + (p1 - p0) * t + noise * bridge * rng.unitNoise(), band);
    }
  }
  for (const [m, p] of points) prices[m] = p;
  return prices;
}

/** Volumes per continuous minute plus the closing auction, summing to the day's volume. */
function volumes(total: number): number[] {
  const auction = Math.round(total * CLOSING_AUCTION_SHARE);
  const continuous = total - auction;
  const out: number[] = [];
  let given = 0;
  for (let m = 0; m < CONTINUOUS_MINUTES; m++) {
    const v = m === CONTINUOUS_MINUTES - 1 ? continuous - given : Math.floor(continuous * (MINUTE_WEIGHTS[m] ?? 0));
    out.push(Math.max(0, v));
    given += v;
  }
  out.push(auction);
  return out;
}

/** The day's 1-minute bars 09:00–15:19 and the 15:30 closing auction, oldest first. */
export function minuteBarsOfPastDay(code: string, day: Bar): Bar[] {
  const rng = new Rng(deriveSeed(0, `minutes:${code}:${day.date}`));
  const prices = pathPrices(day, rng);
  const vols = volumes(day.volume);
  const bars: Bar[] = [];
  let previous = day.openKrw;
  for (let m = 0; m < CONTINUOUS_MINUTES; m++) {
    const close = prices[m] ?? previous;
    const open = m === 0 ? day.openKrw : previous;
    const v = vols[m] ?? 0;
    bars.push({
      date: day.date,
      time: hhmmss(m),
      openKrw: open,
      highKrw: Math.max(open, close),
      lowKrw: Math.min(open, close),
      closeKrw: close,
      volume: v,
      tradeValueKrw: v * close,
    });
    previous = close;
  }
  const auction = vols[CONTINUOUS_MINUTES] ?? 0;
  bars.push({
    date: day.date,
    time: "153000",
    openKrw: day.closeKrw,
    highKrw: day.closeKrw,
    lowKrw: day.closeKrw,
    closeKrw: day.closeKrw,
    volume: auction,
    tradeValueKrw: auction * day.closeKrw,
  });
  return bars;
}
