/**
 * Formatters of the simulator's market-status (H0STMKO0) and index (H0UPCNT0) real-time records,
 * `^`-joined in the column order of broker/kis/realtime-layouts.ts. They run at most once per
 * flush per registration, so plain joins are fine here.
 */
import { kstParts } from "../../core/clock.js";
import { OFF_HOURS_TIMES, SESSION_TIMES, sessionPhase } from "../../venue/krx.js";
import type { IndexState } from "../exchange.js";
import { diffSign } from "./wire-format.js";

/**
 * KRX 장운영구분코드 of the stage at `ms` and of the stage that comes next: 110 장전 동시호가,
 * 112 장개시, 121 장후 동시호가, 129 장마감, 140 시간외 종가, 150 시간외 단일가, 159 its end.
 * The code values follow KRX's market-operation codes as KIS documents them for this TR; the
 * sources in reference §7.7 do not list them (UNVERIFIED).
 */
export function marketOperationCodes(ms: number): [current: string, next: string] {
  const phase = sessionPhase(ms);
  const s = kstParts(ms).secondOfDay;
  if (phase === "PRE_OPEN_AUCTION") return ["110", "112"];
  if (phase === "CONTINUOUS") return ["112", "121"];
  if (phase === "CLOSING_AUCTION") return ["121", "129"];
  if (phase === "AFTER_HOURS") {
    if (s < OFF_HOURS_TIMES.postCloseMatchStart) return ["129", "140"];
    if (s < OFF_HOURS_TIMES.singlePriceStart) return ["140", "150"];
    return ["150", "159"];
  }
  return ["159", s < SESSION_TIMES.preOpenStart || s >= SESSION_TIMES.afterHoursEnd ? "110" : "112"];
}

export interface MarketStatusInput {
  code: string;
  halted: boolean;
  /** a volatility interruption is running */
  viActive: boolean;
  timeMs: number;
}

/** H0STMKO0 국내주식 장운영정보, 11 fields. 종목상태 55 normal, 58 halted; VI 1 (static) or N. */
export function marketStatusRecord({ code, halted, viActive, timeMs }: MarketStatusInput): string {
  const [current, next] = marketOperationCodes(timeMs);
  return [
    code,
    halted ? "Y" : "N",
    halted ? "거래정지" : "",
    current,
    next,
    "0",
    "",
    halted ? "58" : "55",
    viActive ? "1" : "N",
    "N",
    "1",
  ].join("^");
}

const fixed2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "0.00");
const rate = (value: number, base: number) => fixed2(base > 0 ? ((value - base) / base) * 100 : 0);

export interface IndexRecordInput {
  index: IndexState;
  timeMs: number;
  /** the index as last sent on this registration (the tick and per-record volume are against it) */
  previous?: IndexState;
}

/** H0UPCNT0 국내지수 실시간체결, 30 fields; values with two decimals, trade value in KRW. */
export function indexRecord({ index: x, timeMs, previous }: IndexRecordInput): string {
  const change = x.value - x.previousClose;
  const sinceOpen = x.value - x.open;
  const sinceHigh = x.value - x.high;
  const sinceLow = x.value - x.low;
  return [
    x.code,
    kstParts(timeMs).time,
    fixed2(x.value),
    String(diffSign(change)),
    fixed2(change),
    String(x.volume),
    String(x.tradeValueKrw),
    String(x.volume - (previous?.volume ?? 0)),
    String(x.tradeValueKrw - (previous?.tradeValueKrw ?? 0)),
    rate(x.value, x.previousClose),
    fixed2(x.open),
    fixed2(x.high),
    fixed2(x.low),
    fixed2(sinceOpen),
    String(diffSign(sinceOpen)),
    fixed2(sinceHigh),
    String(diffSign(sinceHigh)),
    fixed2(sinceLow),
    String(diffSign(sinceLow)),
    rate(x.open, x.previousClose),
    rate(x.high, x.previousClose),
    rate(x.low, x.previousClose),
    String(x.upperLimitCount),
    String(x.advancers),
    String(x.unchanged),
    String(x.decliners),
    String(x.lowerLimitCount),
    "0",
    "0",
    fixed2(previous ? x.value - previous.value : 0),
  ].join("^");
}
