/**
 * RSI(period) with Wilder smoothing, O(1) per update, matching trading-signals' RSI/WSMA:
 * change d_t = p_t − p_{t−1}; gain = max(d, 0), loss = max(−d, 0); the first average is the simple
 * mean of the first `period` gains (losses); afterwards avg += (x − avg) × (1/period).
 * RSI = 100 − 100 / (1 + avgGain / avgLoss), and 100 when avgLoss is 0. NaN until `period` changes.
 */
export class WilderRsi {
  private readonly factor: number;
  private previous = NaN;
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
  value = NaN;

  constructor(readonly period = 14) {
    this.factor = 1 / period;
  }

  push(price: number): number {
    const previous = this.previous;
    this.previous = price;
    if (Number.isNaN(previous)) return this.value;
    const gain = price > previous ? price - previous : 0;
    const loss = price > previous ? 0 : previous - price;
    this.changes++;
    if (this.changes < this.period) {
      this.avgGain += gain;
      this.avgLoss += loss;
      return this.value;
    }
    if (this.changes === this.period) {
      this.avgGain = (this.avgGain + gain) / this.period;
      this.avgLoss = (this.avgLoss + loss) / this.period;
    } else {
      this.avgGain += (gain - this.avgGain) * this.factor;
      this.avgLoss += (loss - this.avgLoss) * this.factor;
    }
    this.value = this.avgLoss === 0 ? 100 : 100 - 100 / (1 + this.avgGain / this.avgLoss);
    return this.value;
  }
}
