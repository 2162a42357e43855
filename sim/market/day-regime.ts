/**
 * Seeded per-symbol-day regimes: most days are quiet; some are news days (a trending fair price on
 * 2.3–4× the usual volume, often with a headline that moves it 2.5–4.5 % at once), some sell-offs
 * (the same, downwards), and a few reverse late in the session. A regime depends
 * only on (seed, symbol, date), so the seeded history and the live days share one distribution.
 */
import { deriveSeed, Rng } from "./random.js";
import { CONTINUOUS_MINUTES } from "./volume-profile.js";

export type RegimeKind = "quiet" | "news" | "selloff" | "reversal";

export interface DayRegime {
  kind: RegimeKind;
  /** multiplier of the symbol's usual trade count, and so of its volume */
  volumeFactor: number;
  /** multiplier of the usual intraday noise */
  volatility: number;
  /** the fair price's trend until the turn, in daily sigmas, on top of the market-driven move */
  trendSigmas: number;
  /** minute of the continuous session (0–379) when the trend turns; CONTINUOUS_MINUTES = never */
  turnMinute: number;
  /** the trend after the turn, in daily sigmas */
  afterTurnSigmas: number;
  /** minute of the continuous session of a headline that moves the fair price at once; CONTINUOUS_MINUTES = none */
  jumpMinute: number;
  /** the headline's move of the fair price, e.g. 0.03 = +3 % */
  jumpReturn: number;
}

/** Share of news and sell-off days with a headline: a jump of 2.5–4.5 % in the day's direction. */
export const HEADLINE_ODDS = 0.6;

/** A headline from its own seed stream, so the regimes' other draws do not move. */
function headline(seed: number, code: string, date: string, direction: 1 | -1): Pick<DayRegime, "jumpMinute" | "jumpReturn"> {
  const rng = new Rng(deriveSeed(seed, `headline:${code}:${date}`));
  if (rng.next() >= HEADLINE_ODDS) return { jumpMinute: CONTINUOUS_MINUTES, jumpReturn: 0 };
  return { jumpMinute: 20 + Math.floor(320 * rng.next()), jumpReturn: direction * (0.025 + 0.02 * rng.next()) };
}

/** Probabilities of the event regimes per symbol-day; the rest are quiet. */
export const REGIME_ODDS: Readonly<Record<Exclude<RegimeKind, "quiet">, number>> = { news: 0.07, selloff: 0.04, reversal: 0.03 };

const QUIET_VOLUME_SPREAD = 0.15;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

export function dayRegime(seed: number, code: string, date: string): DayRegime {
  const rng = new Rng(deriveSeed(seed, `regime:${code}:${date}`));
  const pick = rng.next();
  const u = rng.next();
  const v = rng.next();
  const never = CONTINUOUS_MINUTES;
  if (pick < REGIME_ODDS.news) {
    return {
      kind: "news",
      volumeFactor: 2.3 + 1.7 * u,
      volatility: 1.3,
      trendSigmas: 2 + 2 * v,
      turnMinute: never,
      afterTurnSigmas: 0,
      ...headline(seed, code, date, 1),
    };
  }
  if (pick < REGIME_ODDS.news + REGIME_ODDS.selloff) {
    return {
      kind: "selloff",
      volumeFactor: 1.8 + 1.2 * u,
      volatility: 1.4,
      trendSigmas: -(2 + 2 * v),
      turnMinute: never,
      afterTurnSigmas: 0,
      ...headline(seed, code, date, -1),
    };
  }
  if (pick < REGIME_ODDS.news + REGIME_ODDS.selloff + REGIME_ODDS.reversal) {
    // A run one way into the afternoon (turning between about 13:35 and 14:35), then more than all of it back.
    const trendSigmas = (rng.next() < 0.5 ? 1 : -1) * (1.5 + 1.5 * v);
    const turnMinute = Math.floor(CONTINUOUS_MINUTES * (0.72 + 0.16 * rng.next()));
    return {
      kind: "reversal",
      volumeFactor: 1.5 + u,
      volatility: 1.2,
      trendSigmas,
      turnMinute,
      afterTurnSigmas: -trendSigmas * (1.3 + 0.5 * rng.next()),
      jumpMinute: never,
      jumpReturn: 0,
    };
  }
  const volumeFactor = clamp(Math.exp(QUIET_VOLUME_SPREAD * rng.normal()), 0.7, 1.4);
  return {
    kind: "quiet",
    volumeFactor,
    volatility: 1,
    trendSigmas: 0,
    turnMinute: never,
    afterTurnSigmas: 0,
    jumpMinute: never,
    jumpReturn: 0,
  };
}
