/**
 * The KRX trading calendar: the built-in list of closures and the trading-day arithmetic on it.
 * Pure functions over `YYYYMMDD` strings; jobs/trading-calendar.ts asks KIS first and falls back here.
 */

/**
 * Built-in fallback calendar of KRX closures (weekday holidays, substitute holidays, year-end
 * closing). The KIS holiday endpoint is authoritative when reachable.
 */
export const KRX_HOLIDAYS: ReadonlySet<string> = new Set([
  // 2025
  "20250101",
  "20250127",
  "20250128",
  "20250129",
  "20250130",
  "20250303",
  "20250501",
  "20250505",
  "20250506",
  "20250603",
  "20250606",
  "20250815",
  "20251003",
  "20251006",
  "20251007",
  "20251008",
  "20251009",
  "20251225",
  "20251231",
  // 2026
  "20260101",
  "20260216",
  "20260217",
  "20260218",
  "20260302",
  "20260501",
  "20260505",
  "20260525",
  "20260603",
  "20260817",
  "20260924",
  "20260925",
  "20261005",
  "20261009",
  "20261225",
  "20261231",
  // 2027
  "20270101",
  "20270208",
  "20270209",
  "20270301",
  "20270505",
  "20270513",
  "20270816",
  "20270914",
  "20270915",
  "20270916",
  "20271004",
  "20271011",
  "20271227",
  "20271231",
]);

export function isKrxTradingDay(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !KRX_HOLIDAYS.has(yyyymmdd);
}

/** The first trading day strictly after `yyyymmdd`. */
export function nextTradingDay(yyyymmdd: string, isTradingDay: (d: string) => boolean = isKrxTradingDay): string {
  let t = Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)));
  for (let i = 0; i < 30; i++) {
    t += 86_400_000;
    const d = new Date(t);
    const s = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
    if (isTradingDay(s)) return s;
  }
  throw new Error(`No trading day within 30 days after ${yyyymmdd}`);
}
