/**
 * The simulator's default listing: real KOSPI/KOSDAQ codes with their Korean names, plausible
 * previous closes (on the KRX tick grid) and shares outstanding. Figures are illustrative, not quotes.
 */
import type { SymbolInfo } from "../exchange.js";

const kospi = (code: string, name: string, previousCloseKrw: number, sharesOutstanding: number): SymbolInfo => ({
  code,
  name,
  market: "KOSPI",
  previousCloseKrw,
  sharesOutstanding,
});
const kosdaq = (code: string, name: string, previousCloseKrw: number, sharesOutstanding: number): SymbolInfo => ({
  code,
  name,
  market: "KOSDAQ",
  previousCloseKrw,
  sharesOutstanding,
});

export const DEFAULT_UNIVERSE: readonly SymbolInfo[] = [
  kospi("005930", "삼성전자", 71_000, 5_969_782_550),
  kospi("000660", "SK하이닉스", 215_000, 728_002_365),
  kospi("373220", "LG에너지솔루션", 352_000, 234_000_000),
  kospi("207940", "삼성바이오로직스", 1_012_000, 71_174_000),
  kospi("005380", "현대차", 213_500, 209_416_191),
  kospi("000270", "기아", 98_700, 397_672_632),
  kospi("068270", "셀트리온", 178_300, 216_897_654),
  kospi("035420", "NAVER", 203_500, 158_437_008),
  kospi("035720", "카카오", 38_850, 442_316_002),
  kospi("005490", "POSCO홀딩스", 298_500, 84_571_230),
  kospi("051910", "LG화학", 273_000, 70_592_343),
  kospi("006400", "삼성SDI", 236_500, 68_764_530),
  kospi("105560", "KB금융", 84_600, 393_528_001),
  kospi("055550", "신한지주", 51_200, 509_604_212),
  kospi("012330", "현대모비스", 247_000, 91_795_094),
  kospi("028260", "삼성물산", 118_600, 169_976_544),
  kospi("066570", "LG전자", 78_900, 163_647_814),
  kospi("003550", "LG", 72_400, 157_300_993),
  kosdaq("247540", "에코프로비엠", 118_400, 97_801_344),
  kosdaq("086520", "에코프로", 61_300, 133_138_340),
  kosdaq("196170", "알테오젠", 332_000, 53_412_400),
  kosdaq("028300", "HLB", 72_100, 131_096_042),
];
