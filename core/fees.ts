/** KRX commission and securities-transaction tax, rates per side, floored to whole KRW: one definition for the simulator's matching engine and the ledger. */

export interface FeeSchedule {
  /** per side, e.g. 0.00015 (0.015 %) */
  commissionRate: number;
  /** on sells only, e.g. 0.002 (0.20 %) */
  sellTaxRate: number;
}

export const DEFAULT_FEES: FeeSchedule = { commissionRate: 0.00015, sellTaxRate: 0.002 };

// Rates such as 0.00015 are not exact in binary; the nudge keeps 1,000,000 × 0.00015 at 150, not 149.
const floorKrw = (x: number) => Math.floor(x + 1e-7);

export function commissionKrw(amountKrw: number, fees: FeeSchedule): number {
  return floorKrw(amountKrw * fees.commissionRate);
}

export function sellTaxKrw(amountKrw: number, fees: FeeSchedule): number {
  return floorKrw(amountKrw * fees.sellTaxRate);
}

/** Cash a buy of `amountKrw` needs: the amount plus its commission. */
export function buyCostKrw(amountKrw: number, fees: FeeSchedule): number {
  return amountKrw + commissionKrw(amountKrw, fees);
}
