/**
 * Every MarketData and Broker read of the real KIS client against the real simulator, once with
 * the real tr_ids and once with the paper ones: domain-level checks against the sim's exchange,
 * the tr_id that went over the wire, and BROKER_UNSUPPORTED where KIS has no paper endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointName, type KisWireEnv } from "../../broker/kis/endpoints.js";
import { addDays } from "../../core/clock.js";
import type { Bar } from "../../core/types.js";
import { isOnTickGrid, priceLimits, tickSize } from "../../venue/krx.js";
import { isKrxTradingDay } from "../../venue/krx-calendar.js";
import { caught, SESSION_DATE, SYMBOL, type SimClient, type SimEnv, startSimEnv } from "./kis-sim-harness.js";

function expectOhlc(bar: Bar): void {
  expect(bar.highKrw).toBeGreaterThanOrEqual(Math.max(bar.openKrw, bar.closeKrw));
  expect(bar.lowKrw).toBeLessThanOrEqual(Math.min(bar.openKrw, bar.closeKrw));
  expect(bar.lowKrw).toBeGreaterThan(0);
}

describe.each<KisWireEnv>(["real", "paper"])("KisClient against the simulator with %s tr_ids", (wireEnv) => {
  let env: SimEnv;
  let kis: SimClient;

  beforeAll(async () => {
    env = await startSimEnv();
    kis = env.connect({ wireEnv });
  });
  afterAll(async () => {
    await env.close();
  });

  /** Runs `check` where the wire table offers `name`; on paper without it, expects BROKER_UNSUPPORTED and no request. */
  async function offered(name: EndpointName, check: () => Promise<void>): Promise<void> {
    const trId = ENDPOINTS[name].trId[wireEnv];
    const before = kis.sent.length;
    if (trId === null) {
      const err = await caught(check);
      expect(err).toMatchObject({ code: "BROKER_UNSUPPORTED" });
      expect(kis.sent.slice(before).filter((r) => r.path === ENDPOINTS[name].path)).toEqual([]);
      return;
    }
    await check();
    expect(
      kis.sent
        .slice(before)
        .filter((r) => r.path === ENDPOINTS[name].path)
        .map((r) => r.trId),
    ).toContain(trId);
  }

  describe("MarketData", () => {
    it("reads a quote that is on the tick grid, inside its limits and equal to the exchange's last trade", async () => {
      await offered("quote", async () => {
        const quote = await kis.client.getQuote(SYMBOL);

        const state = env.sim.exchange.symbol(SYMBOL)!;
        // No name: KIS's inquire-price output carries no hts_kor_isnm, and the simulator follows it.
        expect(quote).toMatchObject({
          symbol: SYMBOL,
          priceKrw: state.lastKrw,
          volume: state.volume,
          halted: false,
          market: state.info.market,
        });
        expect(isOnTickGrid(quote.priceKrw)).toBe(true);
        expect(quote.tickSizeKrw).toBe(tickSize(quote.priceKrw));
        expect(priceLimits(quote.basePriceKrw)).toEqual({ upperKrw: quote.upperLimitKrw, lowerKrw: quote.lowerLimitKrw });
        expect(quote.priceKrw).toBeGreaterThanOrEqual(quote.lowKrw);
        expect(quote.priceKrw).toBeLessThanOrEqual(quote.highKrw);
        expect(quote.highKrw).toBeLessThanOrEqual(quote.upperLimitKrw);
        expect(quote.lowKrw).toBeGreaterThanOrEqual(quote.lowerLimitKrw);
      });
    });

    it("reads up to 30 recent executions, newest first, each on the grid", async () => {
      await offered("recentTicks", async () => {
        const ticks = await kis.client.getRecentTicks(SYMBOL);

        const state = env.sim.exchange.symbol(SYMBOL)!;
        expect(ticks.length).toBeGreaterThan(0);
        expect(ticks.length).toBeLessThanOrEqual(30);
        expect(ticks[0]?.priceKrw).toBe(state.lastKrw);
        for (const [i, tick] of ticks.entries()) {
          expect(isOnTickGrid(tick.priceKrw)).toBe(true);
          expect(tick.priceKrw).toBeGreaterThanOrEqual(state.lowerLimitKrw);
          expect(tick.priceKrw).toBeLessThanOrEqual(state.upperLimitKrw);
          if (i > 0) expect(tick.time <= ticks[i - 1]!.time).toBe(true);
        }
      });
    });

    it("pages daily bars back over 300 days, oldest first, on trading days only", async () => {
      await offered("dailyBars", async () => {
        const range = { from: addDays(SESSION_DATE, -300), to: SESSION_DATE };
        const bars = await kis.client.getDailyBars(SYMBOL, range);

        const expected = env.sim.exchange.dailyBars(SYMBOL, range.from, range.to);
        expect(bars.map((b) => [b.date, b.closeKrw])).toEqual(expected.map((b) => [b.date, b.closeKrw]));
        expect(bars.length).toBeGreaterThan(100);
        expect(kis.sentTo("/inquire-daily-itemchartprice").length).toBeGreaterThan(1);
        for (const [i, bar] of bars.entries()) {
          expectOhlc(bar);
          expect(isKrxTradingDay(bar.date)).toBe(true);
          if (i > 0) expect(bar.date > bars[i - 1]!.date).toBe(true);
        }
      });
    });

    it("pages today's minute bars back to the open, oldest first, and keeps the latest `limit`", async () => {
      await offered("minuteBars", async () => {
        const bars = await kis.client.getMinuteBars(SYMBOL, { until: "103000" });
        const latest = await kis.client.getMinuteBars(SYMBOL, { until: "103000", limit: 5 });

        const expected = env.sim.exchange.minuteBars(SYMBOL, env.clock.now());
        expect(bars.map((b) => b.time)).toEqual(expected.map((b) => b.time));
        expect(bars.length).toBeGreaterThan(30);
        expect(bars[0]!.time! >= "090000").toBe(true);
        expect(bars.at(-1)!.time! <= "103000").toBe(true);
        for (const [i, bar] of bars.entries()) {
          expectOhlc(bar);
          if (i > 0) expect(bar.time! > bars[i - 1]!.time!).toBe(true);
        }
        expect(latest).toEqual(bars.slice(-5));
      });
    });

    it("ranks by volume, highest first, within the limit", async () => {
      await offered("volumeRanking", async () => {
        const ranking = await kis.client.getVolumeRanking({ limit: 10 });

        expect(ranking.map((r) => r.rank)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        for (const [i, entry] of ranking.entries()) {
          expect(entry.volume).toBe(env.sim.exchange.symbol(entry.symbol)?.volume);
          if (i > 0) expect(entry.volume).toBeLessThanOrEqual(ranking[i - 1]!.volume);
        }
      });
    });

    it("ranks by change rate up and down", async () => {
      await offered("changeRanking", async () => {
        const up = await kis.client.getChangeRanking({ direction: "up", limit: 5 });
        const down = await kis.client.getChangeRanking({ direction: "down", limit: 5 });

        expect(up).toHaveLength(5);
        expect(down).toHaveLength(5);
        expect(up.map((r) => r.changeRate)).toEqual([...up.map((r) => r.changeRate)].sort((a, b) => b - a));
        expect(down.map((r) => r.changeRate)).toEqual([...down.map((r) => r.changeRate)].sort((a, b) => a - b));
        expect(up[0]!.changeRate).toBeGreaterThanOrEqual(down[0]!.changeRate);
      });
    });

    it("reads the KOSPI index as the exchange computes it", async () => {
      await offered("indexQuote", async () => {
        const index = await kis.client.getIndex("0001");

        const state = env.sim.exchange.index("0001")!;
        expect(index.value).toBeCloseTo(state.value, 2);
        expect({ advancers: index.advancers, decliners: index.decliners, unchanged: index.unchanged }).toEqual({
          advancers: state.advancers,
          decliners: state.decliners,
          unchanged: state.unchanged,
        });
      });
    });

    it("reads investor flows, newest first, for past sessions", async () => {
      await offered("investorFlows", async () => {
        const flows = await kis.client.getInvestorFlows(SYMBOL);

        expect(flows.length).toBeGreaterThan(0);
        for (const [i, flow] of flows.entries()) {
          expect(flow.date <= SESSION_DATE).toBe(true);
          expect(flow.closeKrw).toBeGreaterThan(0);
          if (i > 0) expect(flow.date < flows[i - 1]!.date).toBe(true);
        }
      });
    });

    it("reads today's program-trading series, newest first", async () => {
      await offered("programTrades", async () => {
        const series = await kis.client.getProgramTrades(SYMBOL);

        expect(series.length).toBeGreaterThan(0);
        for (const [i, row] of series.entries()) {
          expect(row.netVolume).toBe(row.buyVolume - row.sellVolume);
          if (i > 0) expect(row.time <= series[i - 1]!.time).toBe(true);
        }
      });
    });

    it("reads the trading calendar from a date on, matching the KRX holiday table", async () => {
      await offered("holidays", async () => {
        const days = await kis.client.getTradingCalendar(SESSION_DATE);

        expect(days[0]).toMatchObject({ date: SESSION_DATE, isOpen: true });
        for (const day of days) expect(day.isOpen).toBe(isKrxTradingDay(day.date));
      });
    });
  });

  describe("Broker reads on a fresh account", () => {
    it("reads a balance with no holdings and the exchange's cash", async () => {
      await offered("balance", async () => {
        const balance = await kis.client.getBalance();

        const account = env.sim.exchange.account(kis.accountId);
        expect(balance.holdings).toEqual([]);
        expect(balance.summary).toMatchObject({
          cashKrw: account.cashKrw,
          cashD2Krw: account.cashKrw,
          securitiesValueKrw: 0,
          totalValueKrw: account.cashKrw,
        });
      });
    });

    it("reads buying power that fits in the orderable cash", async () => {
      await offered("buyingPower", async () => {
        const quote = await kis.client.getQuote(SYMBOL);
        const power = await kis.client.getBuyingPower(SYMBOL, quote.priceKrw);

        expect(power.orderableCashKrw).toBe(env.sim.exchange.account(kis.accountId).orderableCashKrw);
        expect(power.cashOnlyQuantity).toBeGreaterThan(0);
        expect(power.cashOnlyQuantity * quote.priceKrw).toBeLessThanOrEqual(power.orderableCashKrw);
        expect((power.cashOnlyQuantity + 1) * quote.priceKrw * 1.0005).toBeGreaterThan(power.orderableCashKrw);
      });
    });

    it("reads a sellable quantity of zero for a symbol not held (paper: from the balance)", async () => {
      const quantity = await kis.client.getSellableQuantity(SYMBOL);

      expect(quantity).toBe(0);
      const used = wireEnv === "real" ? ENDPOINTS.sellableQuantity.trId.real : ENDPOINTS.balance.trId.paper;
      expect(kis.sent.at(-1)?.trId).toBe(used);
    });

    it("reads the asset composition as cash only", async () => {
      await offered("accountAssets", async () => {
        const assets = await kis.client.getAccountAssets();

        const cash = env.sim.exchange.account(kis.accountId).cashKrw;
        expect(assets).toEqual({ totalAssetsKrw: cash, netAssetsKrw: cash, depositKrw: cash, stockValueKrw: 0 });
      });
    });

    it("splits a daily-order range reaching back past three months between the recent and the old tr_ids", async () => {
      const orders = await kis.client.getDailyOrders({ from: addDays(SESSION_DATE, -150), to: SESSION_DATE });

      expect(orders).toEqual([]);
      const trIds = kis
        .sentTo("/inquire-daily-ccld")
        .slice(-2)
        .map((r) => r.trId);
      expect(trIds).toEqual([ENDPOINTS.dailyOrdersRecent.trId[wireEnv], ENDPOINTS.dailyOrdersOld.trId[wireEnv]]);
    });

    it("reads no open orders, no daily orders and no realised profit", async () => {
      expect(await kis.client.getOpenOrders()).toEqual([]);
      expect(await kis.client.getDailyOrders({ from: SESSION_DATE, to: SESSION_DATE })).toEqual([]);
      await offered("periodProfit", async () => {
        expect(await kis.client.getPeriodProfit({ from: addDays(SESSION_DATE, -7), to: SESSION_DATE })).toEqual({
          days: [],
          totalRealizedPnlKrw: 0,
          totalFeeKrw: 0,
          totalTaxKrw: 0,
        });
      });
    });
  });
});
