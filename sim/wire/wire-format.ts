/** Small helpers of the KIS real-time records: the 1–5 sign codes and the 3-digit frame count. */

/** Sign of a price against the base: 1 상한, 2 상승, 3 보합, 4 하한, 5 하락. */
export function limitSign(priceKrw: number, baseKrw: number, upperKrw: number, lowerKrw: number): number {
  if (priceKrw >= upperKrw) return 1;
  if (priceKrw <= lowerKrw) return 4;
  return priceKrw > baseKrw ? 2 : priceKrw < baseKrw ? 5 : 3;
}

/** Sign of a difference: 2 up, 3 flat, 5 down. */
export function diffSign(diff: number): number {
  return diff > 0 ? 2 : diff < 0 ? 5 : 3;
}

/** 3-digit record count of a data frame. */
export function count3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}
