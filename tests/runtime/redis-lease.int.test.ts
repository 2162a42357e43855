import { afterEach, describe, expect, it } from "vitest";
import { createLeaseRepo } from "../../db/lease-repo.js";
import { createTradingStateRepo } from "../../db/trading-state-repo.js";
import { acquireAccountLease, sendGuard } from "../../runtime/account-lease.js";
import { createRedisLeaseStore } from "../../runtime/redis-lease.js";
import { openTempDb, type TempDb } from "../db/temp-db.js";
import { redisScope, type RedisScope } from "../jobs/redis-harness.js";

const ACCOUNT = "5000000001";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let scope: RedisScope;
const dbs: TempDb[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) d.dispose();
  await scope.cleanup();
});

describe("the account lease in Redis", () => {
  it("grants one holder, names it to the next, and fences a lapsed holder after a takeover", async () => {
    scope = redisScope("lease");
    const store = createRedisLeaseStore(scope.client, scope.prefix);

    expect(await store.acquire(ACCOUNT, "run-a pid 1", 200, 0)).toEqual({ granted: true, token: 1 });
    expect(await store.acquire(ACCOUNT, "run-b pid 2", 200, 0)).toMatchObject({ granted: false, holder: "run-a pid 1" });
    await sleep(300);
    expect(await store.acquire(ACCOUNT, "run-b pid 2", 10_000, 0)).toEqual({ granted: true, token: 2 });

    expect(await store.renew(ACCOUNT, 1, 10_000)).toBe(false);
    await store.release(ACCOUNT, 1);
    expect(await store.acquire(ACCOUNT, "run-c pid 3", 10_000, 0)).toMatchObject({ granted: false, holder: "run-b pid 2" });
  });

  it("excludes runs whose SQLite files differ (two hosts), and a run whose Redis lease was taken over sends nothing", async () => {
    scope = redisScope("lease-hosts");
    const store = createRedisLeaseStore(scope.client, scope.prefix);
    const [hostA, hostB] = [openTempDb(), openTempDb()];
    dbs.push(hostA, hostB);
    const settings = { ttlMs: 300, waitMs: 0 };
    const leaseA = await acquireAccountLease({ leases: createLeaseRepo(hostA.db), account: ACCOUNT, settings, redis: store }, "run-a");

    await expect(
      acquireAccountLease({ leases: createLeaseRepo(hostB.db), account: ACCOUNT, settings, redis: store }, "run-b"),
    ).rejects.toMatchObject({ code: "ACCOUNT_BUSY", message: expect.stringContaining("run-a pid") });

    // Another host takes over the Redis lease (as after a network partition outlasting the TTL).
    await scope.client.del(`${scope.prefix}:lease:${ACCOUNT}`);
    await acquireAccountLease(
      { leases: createLeaseRepo(hostB.db), account: ACCOUNT, settings: { ttlMs: 10_000, waitMs: 0 }, redis: store },
      "run-b",
    );
    await sleep(250); // A's next renewal finds its token gone
    const guard = sendGuard({
      tradingState: createTradingStateRepo(hostA.db),
      leases: createLeaseRepo(hostA.db),
      held: new Map([["run-a", leaseA]]),
    });

    expect(guard({ runId: "run-a" }, { symbol: "005930", side: "buy", quantity: 1, type: "market" })).toMatch(/lost in Redis/);
    leaseA.release();
  });
});
