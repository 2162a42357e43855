/**
 * `start --role`: what each role runs, and the agent of a worker whose trading runs read the live
 * view first — a failed read still runs, with the view it had (which ages into stale).
 */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.js";
import type { Agent } from "../../runtime/agent.js";
import type { RefreshableSnapshots } from "../../runtime/feed-snapshots.js";
import { parseRole, refreshingSnapshots, roleParts } from "../../runtime/roles.js";
import type { TradingRunResult } from "../../runtime/trading.js";

describe("roleParts", () => {
  it.each([
    ["all", false, { schedules: true, workers: true, feed: true }],
    ["all", true, { schedules: true, workers: true, feed: false }],
    ["scheduler", false, { schedules: true, workers: false, feed: false }],
    ["worker", false, { schedules: false, workers: true, feed: false }],
    ["feed", false, { schedules: false, workers: false, feed: true }],
  ] as const)("runs for %s (--no-feed %s) %o", (role, noFeed, parts) => {
    expect(roleParts(parseRole(role), noFeed)).toEqual(parts);
  });

  it("defaults to all and refuses an unknown role or a feed role without its feed", () => {
    expect(parseRole(undefined)).toBe("all");
    expect(() => parseRole("broker")).toThrow("--role must be one of all, scheduler, worker, feed, received 'broker'");
    expect(() => roleParts("feed", true)).toThrow("--no-feed with --role feed leaves nothing to run");
  });
});

describe("refreshingSnapshots", () => {
  const result = { runId: "r1", status: "succeeded" } as TradingRunResult;

  function fakes(refresh: () => ReturnType<RefreshableSnapshots["refresh"]>) {
    const calls: string[] = [];
    const live: RefreshableSnapshots = {
      get: () => null,
      refresh: () => (calls.push("refresh"), refresh()),
    };
    const agent = { runTrading: async () => (calls.push("run"), result) } as unknown as Agent;
    const lines: string[] = [];
    return {
      calls,
      lines,
      wrapped: refreshingSnapshots(
        agent,
        live,
        createLogger("info", (l) => lines.push(l)),
      ),
    };
  }

  it("reads the published view before each trading run and says what it read", async () => {
    const { calls, lines, wrapped } = fakes(async () => ({ symbols: 3, stale: 1, publishedAtMs: 1_000 }));

    expect(await wrapped.runTrading({ runId: "r1" })).toBe(result);

    expect(calls).toEqual(["refresh", "run"]);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ msg: "live snapshots read from Redis", runId: "r1", symbols: 3, stale: 1 });
  });

  it("still runs when Redis cannot be read, and warns", async () => {
    const { calls, lines, wrapped } = fakes(async () => {
      throw new Error("connection refused");
    });

    await wrapped.runTrading({ runId: "r1" });

    expect(calls).toEqual(["refresh", "run"]);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: "warn", msg: "live snapshots not read", error: "connection refused" });
  });
});
