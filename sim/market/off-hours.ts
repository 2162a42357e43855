/**
 * The off-hours sessions' market: the counterparty interest of the closing-price sessions
 * (장전/장후 시간외 종가) and the timetable after the close — 장후 시간외 matching from 15:40, its end
 * at 16:00, 시간외 단일가 rounds every 10 minutes to 18:00 at seeded prices near the close.
 */
import type { Side } from "../../core/types.js";
import { OFF_HOURS_TIMES, type OffHoursSession, SESSION_TIMES, singlePriceBand } from "../../venue/krx.js";
import type { SymbolState } from "../exchange.js";
import { deriveSeed, Rng } from "./random.js";
import { toGridInBand } from "./symbol-market.js";

/** What the matching engine hears of the off-hours sessions. */
export interface OffHoursHooks {
  /** 15:40: the 장후 시간외 session starts matching at the close */
  onPostCloseMatching(timeMs: number): void;
  /** a 시간외 단일가 round's single price */
  onSinglePrice(code: string, priceKrw: number, timeMs: number): void;
  /** an off-hours session ended: its open orders expire */
  onOffHoursEnd(session: OffHoursSession): void;
}

/** An instant of the off-hours timetable and what happens then. */
export interface Mark {
  atMs: number;
  run: () => void;
}

/**
 * How many shares the rest of the market offers orders of one side at a closing-price session's
 * fixed price: a seeded 0.05–0.3 % of a day's volume, per symbol, day, session and side.
 */
export function offHoursQuantity(
  seed: number,
  code: string,
  date: string,
  session: OffHoursSession,
  side: Side,
  dayVolume: number,
): number {
  const rng = new Rng(deriveSeed(seed, `off-hours:${code}:${date}:${session}:${side}`));
  return Math.max(1, Math.round(dayVolume * (0.0005 + 0.0025 * rng.next())));
}

/**
 * The timetable after the close of `date` (its 15:30 at `closeMs`), in time order. Each symbol's
 * round prices walk from its close on a stream seeded by symbol and day; `hooks` is read when a
 * mark runs.
 */
export function afterHoursMarks(
  seed: number,
  date: string,
  closeMs: number,
  states: readonly SymbolState[],
  hooks: () => OffHoursHooks,
): Mark[] {
  const at = (secondOfDay: number) => closeMs + (secondOfDay - SESSION_TIMES.close) * 1000;
  const postCloseMs = at(OFF_HOURS_TIMES.postCloseMatchStart);
  const marks: Mark[] = [
    { atMs: postCloseMs, run: () => hooks().onPostCloseMatching(postCloseMs) },
    { atMs: at(OFF_HOURS_TIMES.singlePriceStart), run: () => hooks().onOffHoursEnd("POST_CLOSE") },
  ];
  const rngs = states.map((s) => new Rng(deriveSeed(seed, `single-price:${s.info.code}:${date}`)));
  const walk = states.map(() => 0);
  const roundMs = OFF_HOURS_TIMES.singlePriceRoundSeconds * 1000;
  for (let t = at(OFF_HOURS_TIMES.singlePriceStart) + roundMs; t <= at(SESSION_TIMES.afterHoursEnd); t += roundMs) {
    const roundAt = t;
    marks.push({
      atMs: roundAt,
      run: () =>
        states.forEach((s, i) => {
          walk[i] = walk[i]! + 0.002 * rngs[i]!.normal();
          if (!s.halted) hooks().onSinglePrice(s.info.code, singlePricePrint(s, walk[i]!), roundAt);
        }),
    });
  }
  marks.push({ atMs: at(SESSION_TIMES.afterHoursEnd), run: () => hooks().onOffHoursEnd("SINGLE_PRICE") });
  return marks;
}

/** A round's price: the close moved by the round's seeded walk, on the grid, inside the ±10 % band. */
function singlePricePrint(s: SymbolState, logMove: number): number {
  return toGridInBand(s.lastKrw * Math.exp(logMove), singlePriceBand(s.lastKrw, s.lowerLimitKrw, s.upperLimitKrw));
}
