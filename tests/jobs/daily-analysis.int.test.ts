import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock, addDays, fromKst } from "../../core/clock.js";
import type { Bar } from "../../core/types.js";
import { runDailyAnalysis, type DailyAnalysisDeps } from "../../jobs/daily-analysis.js";
import { createChatModel } from "../../llm/create-chat-model.js";
import { createRepos, type Repos } from "../../runtime/repos.js";
import { openTempDb, type TempDb } from "../db/temp-db.js";
import { FakeMarketData } from "../fakes/fake-market-data.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";

const TODAY = "20261124";
const clock = new ManualClock(fromKst(TODAY, "072000"));

function series(days: number, close: (i: number) => number, volume: (i: number) => number = () => 1_000_000): Bar[] {
  return Array.from({ length: days }, (_, i) => ({
    date: addDays(TODAY, i - days),
    openKrw: close(i),
    highKrw: close(i),
    lowKrw: close(i),
    closeKrw: close(i),
    volume: volume(i),
    tradeValueKrw: 0,
  }));
}

let t: TempDb;
let repos: Repos;
let market: FakeMarketData;
let mock: LlmMockServer | undefined;
beforeEach(() => {
  t = openTempDb();
  repos = createRepos(t.db);
  market = new FakeMarketData();
  market.bars.set(
    "000001",
    series(
      40,
      (i) => 10_000 + i * 100,
      (i) => 1_000_000 + i * 50_000,
    ),
  ); // rising on rising volume
  market.bars.set(
    "000002",
    series(40, (i) => 20_000 - i * 100),
  ); // falling
  market.bars.set(
    "000003",
    series(10, () => 5_000),
  ); // too little history
});
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  t.dispose();
});

const deps = (extra: Partial<DailyAnalysisDeps> = {}): DailyAnalysisDeps => ({
  market,
  picks: repos.dailyPicks,
  clock,
  universe: () => ["000001", "000002", "000003"],
  topN: 2,
  ...extra,
});

describe("daily analysis", () => {
  it("ranks the universe offline, stores the day's picks and hands them to the feed", async () => {
    const subscribed: string[][] = [];
    const result = await runDailyAnalysis(deps({ onPicks: (s) => subscribed.push(s) }));
    expect(result.picks.map((p) => [p.symbol, p.rank, p.source])).toEqual([
      ["000001", 1, "offline"],
      ["000002", 2, "offline"],
    ]);
    expect(result.skipped).toEqual(["000003: fewer than 21 daily bars"]);
    expect(repos.dailyPicks.list(TODAY).map((p) => p.symbol)).toEqual(["000001", "000002"]);
    expect(subscribed).toEqual([["000001", "000002"]]);
  });

  async function withModel(answer: string) {
    mock = await startLlmMock("openai", [{ kind: "content", text: answer }]);
    const chat = createChatModel({
      provider: "openai",
      model: "gpt-4o-mini",
      apiKey: "k-000000",
      baseUrl: mock.baseUrl,
      timeoutMs: 2_000,
      maxRetries: 0,
    });
    const calls: unknown[] = [];
    if (!chat) throw new Error("expected a model");
    return {
      result: await runDailyAnalysis(
        deps({ model: { chat, name: "gpt-4o-mini", provider: "openai", timeoutMs: 2_000, ledger: { record: (c) => calls.push(c) } } }),
      ),
      calls,
    };
  }

  it("takes the model's ranking of scored symbols and records the call", async () => {
    const { result, calls } = await withModel(
      JSON.stringify({
        picks: [
          { symbol: "000002", reason: "반등 기대" },
          { symbol: "000001", reason: "추세" },
        ],
      }),
    );
    expect(result.picks.map((p) => [p.symbol, p.source, p.reason])).toEqual([
      ["000002", "model", "반등 기대"],
      ["000001", "model", "추세"],
    ]);
    expect(calls).toHaveLength(1);
  });

  it("falls back to the offline ranking when the model names a symbol it was not given", async () => {
    const { result } = await withModel(JSON.stringify({ picks: [{ symbol: "999999", reason: "x" }] }));
    expect(result.picks.map((p) => p.source)).toEqual(["offline", "offline"]);
    expect(result.skipped.join("\n")).toMatch(/outside the candidates: 999999/);
  });
});
