import { describe, expect, it } from "vitest";
import { COL, TICK_COLUMNS } from "../../../market/indicators/columns.js";
import { SymbolIndicators } from "../../../market/indicators/symbol-indicators.js";
import { T0, makeBook, makeProgram, makeTick, tradesAt } from "../tick-builders.js";

function feed(prices: number[], volumes?: number[]): SymbolIndicators {
  const s = new SymbolIndicators("005930");
  for (const t of tradesAt(prices, volumes)) s.onTrade(t);
  return s;
}

describe("SymbolIndicators", () => {
  it("produces the 44 seed columns in order", () => {
    expect(TICK_COLUMNS.map((c) => c.csv).slice(0, 16)).toEqual([
      "time",
      "stock_code",
      "current_price",
      "volume",
      "ma5",
      "rsi14",
      "disparity",
      "stoch_k",
      "stoch_d",
      "vol_ratio",
      "z_vol",
      "obv_delta",
      "spread",
      "bid_ask_imbalance",
      "accel_delta",
      "ret_1s",
    ]);
    expect(TICK_COLUMNS.map((c) => c.csv).slice(32)).toEqual([
      "개인",
      "외인",
      "기관",
      "연기금",
      "투신",
      "보험",
      "사모펀드",
      "은행",
      "국가",
      "기타법인",
      "프로그램",
      "total_investor_net",
    ]);
    expect(feed([70_000]).toRow()).toHaveLength(44);
  });

  it("computes ma5, disparity, obv delta and acceleration by hand", () => {
    const s = feed([100, 110, 105, 120, 115, 130], [1, 2, 3, 4, 5, 6]);
    const row = s.toRow();
    expect(row[COL.ma5]).toBe((110 + 105 + 120 + 115 + 130) / 5);
    expect(row[COL.disparity]).toBeCloseTo((130 / 116) * 100, 12);
    expect(row[COL.obv_delta]).toBe(6); // price rose
    expect(row[COL.accel_delta]).toBe(15 - -5); // (130−115) − (115−120)
    expect(row[COL.current_price]).toBe(130);
    expect(row[COL.time_ms]).toBe(T0 + 5_000);
  });

  it("computes the volume ratio and z-score over the last 20 ticks", () => {
    const volumes = [...Array.from({ length: 19 }, () => 10), 50];
    const s = feed(
      Array.from({ length: 20 }, () => 100),
      volumes,
    );
    const mean = (19 * 10 + 50) / 20;
    const std = Math.sqrt((19 * (10 - mean) ** 2 + (50 - mean) ** 2) / 20);
    expect(s.volRatio).toBeCloseTo(50 / mean, 12);
    expect(s.zVolume).toBeCloseTo((50 - mean) / std, 12);
  });

  it("measures the 1-second return against the previous second's last price", () => {
    const s = new SymbolIndicators("005930");
    s.onTrade(makeTick({ priceKrw: 1_000, exchangeTimeMs: T0 }));
    s.onTrade(makeTick({ priceKrw: 1_010, exchangeTimeMs: T0 + 200 }));
    expect(s.return1s).toBeNaN();
    s.onTrade(makeTick({ priceKrw: 1_030, exchangeTimeMs: T0 + 1_000 }));
    s.onTrade(makeTick({ priceKrw: 1_050, exchangeTimeMs: T0 + 1_500 }));
    expect(s.return1s).toBeCloseTo(((1_050 - 1_010) / 1_010) * 100, 12);
  });

  it("takes spread and imbalance from the book and investor columns from the sources", () => {
    const s = feed([70_000]);
    s.onBook(makeBook());
    s.onProgram(makeProgram(-1_200));
    s.setInvestorFlows({ individual: 500, foreign: -300, institution: -150, pension: -40, otherCorporation: -50 });
    const row = s.toRow();
    expect(row.slice(COL.ask1, COL.ask5 + 1)).toEqual([70_100, 70_200, 70_300, 70_400, 70_500]);
    expect(row.slice(COL.bid1_qty, COL.bid3_qty + 1)).toEqual([20, 21, 22]);
    expect(row[COL.spread]).toBe(100);
    expect(row[COL.bid_ask_imbalance]).toBe((1_500 - 500) / 2_000);
    expect(row[COL.net_program]).toBe(-1_200);
    expect(row[COL.net_pension]).toBe(-40);
    expect(row[COL.net_bank]).toBeNull();
    expect(row[COL.total_investor_net]).toBe(500 - 300 - 150 - 50);
  });

  it("derives 체결강도 from cumulative buy and sell volume and builds minute bars", () => {
    const s = new SymbolIndicators("005930");
    s.onTrade(makeTick({ priceKrw: 100, volume: 5, cumulativeBuyVolume: 300, cumulativeSellVolume: 200 }));
    s.onTrade(makeTick({ priceKrw: 120, volume: 7, exchangeTimeMs: T0 + 30_000 }));
    s.onTrade(makeTick({ priceKrw: 90, volume: 1, exchangeTimeMs: T0 + 61_000 }));
    expect(new SymbolIndicators("x").buyPower).toBeNaN();
    expect(s.bars.bars()).toEqual([
      { startMs: T0, openKrw: 100, highKrw: 120, lowKrw: 100, closeKrw: 120, volume: 12 },
      { startMs: T0 + 60_000, openKrw: 90, highKrw: 90, lowKrw: 90, closeKrw: 90, volume: 1 },
    ]);
    const first = new SymbolIndicators("005930");
    first.onTrade(makeTick({ cumulativeBuyVolume: 300, cumulativeSellVolume: 200 }));
    expect(first.buyPower).toBe(150);
  });
});
