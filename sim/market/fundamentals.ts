/**
 * Per-symbol reference data the quote and info endpoints need beyond prices: trailing EPS and
 * BPS (so PER = price / EPS and PBR = price / BPS move with the price), face value, foreign
 * ownership, sector and listing date. Derived from the code alone, so every run, seed and
 * endpoint agrees on them. Figures are plausible, not real.
 */
import type { SymbolInfo } from "../exchange.js";
import { deriveSeed, Rng } from "./random.js";

export interface Fundamentals {
  /** trailing earnings per share, KRW (negative for a loss-making year) */
  epsKrw: number;
  /** book value per share, KRW */
  bpsKrw: number;
  /** 액면가 */
  faceValueKrw: number;
  /** share of listed shares held by foreigners, 0–1 */
  foreignShare: number;
  /** 업종명 as KIS prints it in bstp_kor_isnm */
  sectorName: string;
  /** YYYYMMDD */
  listedOn: string;
  /** 결산월 */
  fiscalMonth: string;
}

const SECTORS: Readonly<Record<string, string>> = {
  "005930": "전기·전자",
  "000660": "전기·전자",
  "373220": "전기·전자",
  "006400": "전기·전자",
  "066570": "전기·전자",
  "207940": "제약",
  "068270": "제약",
  "196170": "제약",
  "028300": "제약",
  "005380": "운송장비·부품",
  "000270": "운송장비·부품",
  "012330": "운송장비·부품",
  "035420": "IT 서비스",
  "035720": "IT 서비스",
  "005490": "금속",
  "051910": "화학",
  "247540": "화학",
  "086520": "화학",
  "105560": "금융",
  "055550": "금융",
  "028260": "유통",
  "003550": "기타금융",
};
const FACE_VALUES = [100, 500, 1_000, 5_000] as const;

export function fundamentalsOf(info: SymbolInfo): Fundamentals {
  const rng = new Rng(deriveSeed(0, `fundamentals:${info.code}`));
  const per = 6 + 24 * rng.next();
  const pbr = 0.5 + 2.5 * rng.next();
  const lossMaking = rng.next() < 0.08;
  const epsKrw = Math.max(1, Math.round(info.previousCloseKrw / per)) * (lossMaking ? -1 : 1);
  const year = 1975 + Math.floor(45 * rng.next());
  return {
    epsKrw,
    bpsKrw: Math.max(1, Math.round(info.previousCloseKrw / pbr)),
    faceValueKrw: info.code === "005930" ? 100 : FACE_VALUES[Math.floor(rng.next() * FACE_VALUES.length)]!,
    foreignShare: 0.05 + 0.5 * rng.next(),
    sectorName: SECTORS[info.code] ?? "기타",
    listedOn: `${year}${String(1 + Math.floor(12 * rng.next())).padStart(2, "0")}${String(1 + Math.floor(28 * rng.next())).padStart(2, "0")}`,
    fiscalMonth: "12",
  };
}
