/**
 * The feed lease's holder and stand-by logic on fake timers, over an in-memory lease store with the
 * same semantics as runtime/redis-lease.ts (TTL, growing token, compare-and-renew): a holder whose
 * renewals stop being confirmed closes its feed before the lease can lapse, so two feeds never
 * hold registrations at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../core/logger.js";
import type { LeaseGrant } from "../../db/lease-repo.js";
import { feedLeaseName, startFeedLease, type FeedLease } from "../../runtime/feed-lease.js";
import type { RedisLeaseStore } from "../../runtime/redis-lease.js";

const TTL_MS = 5_000;

/** One Redis key with a TTL on the (fake) wall clock. */
class MemoryLeaseStore implements RedisLeaseStore {
  current: { token: number; holder: string; expiresAtMs: number } | undefined;
  private nextToken = 0;

  live() {
    return this.current && this.current.expiresAtMs > Date.now() ? this.current : undefined;
  }

  async acquire(_name: string, holder: string, ttlMs: number, _nowMs?: number): Promise<LeaseGrant> {
    const held = this.live();
    if (held) return { granted: false, holder: held.holder, expiresAtMs: held.expiresAtMs };
    this.current = { token: ++this.nextToken, holder, expiresAtMs: Date.now() + ttlMs };
    return { granted: true, token: this.nextToken };
  }

  async renew(_name: string, token: number, ttlMs: number): Promise<boolean> {
    const held = this.live();
    if (held?.token !== token) return false;
    held.expiresAtMs = Date.now() + ttlMs;
    return true;
  }

  async release(_name: string, token: number): Promise<void> {
    if (this.live()?.token === token) this.current = undefined;
  }
}

/** The store as one process sees it: `partitioned` makes every call hang, as a cut-off Redis does. */
function view(store: MemoryLeaseStore) {
  const state = { partitioned: false };
  const hang = <T>(call: () => Promise<T>): Promise<T> => (state.partitioned ? new Promise<T>(() => undefined) : call());
  const client: RedisLeaseStore = {
    acquire: (...a) => hang(() => store.acquire(...a)),
    renew: (...a) => hang(() => store.renew(...a)),
    release: (...a) => hang(() => store.release(...a)),
  };
  return { client, state };
}

/** A feed that records when it ran, on the shared timeline. */
function feedRecorder(name: string, timeline: string[]) {
  return {
    onAcquired: async () => void timeline.push(`${name} start`),
    onLost: async (reason: string) => void timeline.push(`${name} stop: ${reason}`),
  };
}

const leases: FeedLease[] = [];
beforeEach(() => vi.useFakeTimers());
afterEach(async () => {
  for (const l of leases.splice(0)) await l.close();
  vi.useRealTimers();
});

function start(client: RedisLeaseStore, hooks: ReturnType<typeof feedRecorder>): FeedLease {
  const lease = startFeedLease({ store: client, name: "feed:test", ttlMs: TTL_MS, now: () => Date.now(), log: silentLogger, ...hooks });
  leases.push(lease);
  return lease;
}

describe("feedLeaseName", () => {
  it("names the lease after a hash of the app key, never the key itself", () => {
    const name = feedLeaseName("PSsecretAppKey123");
    expect(name).toMatch(/^feed:[0-9a-f]{16}$/);
    expect(name).not.toContain("PSsecretAppKey123");
    expect(feedLeaseName("PSsecretAppKey123")).toBe(name);
    expect(feedLeaseName("PSotherAppKey456")).not.toBe(name);
  });
});

describe("startFeedLease", () => {
  it("starts the feed of the first process only, and keeps it while renewals are confirmed", async () => {
    const store = new MemoryLeaseStore();
    const timeline: string[] = [];
    const a = start(view(store).client, feedRecorder("a", timeline));
    await vi.advanceTimersByTimeAsync(10);
    const b = start(view(store).client, feedRecorder("b", timeline));

    await vi.advanceTimersByTimeAsync(60_000);

    expect(timeline).toEqual(["a start"]);
    expect([a.state(), b.state()]).toEqual(["holder", "standby"]);
  });

  it("stops a partitioned holder's feed before its lease lapses, and only then lets the stand-by start", async () => {
    const store = new MemoryLeaseStore();
    const timeline: string[] = [];
    const cutOff = view(store);
    start(cutOff.client, feedRecorder("a", timeline));
    await vi.advanceTimersByTimeAsync(10);
    const b = start(view(store).client, feedRecorder("b", timeline));
    await vi.advanceTimersByTimeAsync(3_000);

    // Act: a's Redis stops answering.
    cutOff.state.partitioned = true;
    let stoppedWhileLeaseLive: boolean | undefined;
    for (let t = 0; t < 20_000 && b.state() === "standby"; t += 100) {
      await vi.advanceTimersByTimeAsync(100);
      if (stoppedWhileLeaseLive === undefined && timeline.some((e) => e.startsWith("a stop")))
        stoppedWhileLeaseLive = store.live() !== undefined;
    }

    expect(stoppedWhileLeaseLive).toBe(true);
    expect(timeline.map((e) => e.split(":")[0])).toEqual(["a start", "a stop", "b start"]);
    expect(timeline[1]).toContain("no renewal confirmed");
  });

  it("stops the feed at once when a renewal finds the lease taken over", async () => {
    const store = new MemoryLeaseStore();
    const timeline: string[] = [];
    const a = start(view(store).client, feedRecorder("a", timeline));
    await vi.advanceTimersByTimeAsync(10);
    store.current = undefined; // the key lapsed behind a's back (a paused process)…
    await store.acquire("feed:test", "someone else", TTL_MS); // …and another holder took it

    await vi.advanceTimersByTimeAsync(TTL_MS / 5);

    expect(timeline).toEqual(["a start", "a stop: token 1 is no longer current"]);
    expect(a.state()).toBe("standby");
  });

  it("hands the feed to the stand-by within one retry when the holder shuts down", async () => {
    const store = new MemoryLeaseStore();
    const timeline: string[] = [];
    const a = start(view(store).client, feedRecorder("a", timeline));
    await vi.advanceTimersByTimeAsync(10);
    const b = start(view(store).client, feedRecorder("b", timeline));
    await vi.advanceTimersByTimeAsync(2_000);

    await a.close();
    await vi.advanceTimersByTimeAsync(TTL_MS / 5);

    expect(timeline).toEqual(["a start", "a stop: shutting down", "b start"]);
    expect(b.state()).toBe("holder");
  });

  it("gives the lease back when the feed cannot start, for the stand-by to try", async () => {
    const store = new MemoryLeaseStore();
    const timeline: string[] = [];
    const a = start(view(store).client, {
      onAcquired: async () => {
        timeline.push("a start");
        throw new Error("no approval key");
      },
      onLost: async (reason) => void timeline.push(`a stop: ${reason}`),
    });
    await vi.advanceTimersByTimeAsync(10);
    await a.close();

    expect(timeline).toEqual(["a start", "a stop: feed did not start: no approval key"]);
    expect(store.live()).toBeUndefined();
  });

  it("waits the pause it was given before trying again after giving the lease up, leaving it to a stand-by", async () => {
    const store = new MemoryLeaseStore();
    const timeline: string[] = [];
    const a = start(view(store).client, feedRecorder("a", timeline));
    await vi.advanceTimersByTimeAsync(10);

    await a.giveUp("KIS refused the session", TTL_MS);
    await vi.advanceTimersByTimeAsync(TTL_MS - 1_000);
    const during = [...timeline];
    await vi.advanceTimersByTimeAsync(2_000);

    expect(during).toEqual(["a start", "a stop: KIS refused the session"]);
    expect(timeline).toEqual([...during, "a start"]);
  });
});
