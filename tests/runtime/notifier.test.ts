import { describe, expect, it } from "vitest";
import { silentLogger } from "../../core/logger.js";
import { createNotifier, type AlertChannel, type OutgoingAlert } from "../../runtime/alerts/notifier.js";

const alert = (id: number, code = "TEST"): OutgoingAlert => ({
  id,
  createdAtMs: 0,
  severity: "warn",
  source: "test",
  code,
  message: `alert ${id}`,
  details: {},
});

function recording(name: string, failFirst = 0): AlertChannel & { got: number[]; tries: number } {
  const ch = {
    name,
    got: [] as number[],
    tries: 0,
    async send(a: OutgoingAlert) {
      ch.tries++;
      if (ch.tries <= failFirst) throw new Error(`${name} down`);
      ch.got.push(a.id);
    },
  };
  return ch;
}

describe("notifier", () => {
  it("sends each alert to every channel in order, retrying a failure with backoff", async () => {
    const a = recording("a");
    const b = recording("b", 2);
    const n = createNotifier({ channels: [a, b], log: silentLogger, backoffMs: 1 });
    n.publish(alert(1));
    n.publish(alert(2));
    await n.drain(5_000);
    expect(a.got).toEqual([1, 2]);
    expect(b.got).toEqual([1, 2]);
    expect(b.tries).toBe(4);
    expect(n.stats()).toEqual({ sent: 4, failed: 0, dropped: 0 });
  });

  it("gives up after its attempts; the other channel is not held back", async () => {
    const down = recording("down", 100);
    const up = recording("up");
    const n = createNotifier({ channels: [down, up], log: silentLogger, backoffMs: 1, attempts: 3 });
    n.publish(alert(1));
    await n.drain(5_000);
    expect(down.tries).toBe(3);
    expect(up.got).toEqual([1]);
    expect(n.stats()).toMatchObject({ sent: 1, failed: 1 });
  });

  it("publish returns before any send finishes, and drain stops waiting at its deadline", async () => {
    let release: () => void = () => undefined;
    const slow: AlertChannel = { name: "slow", send: () => new Promise<void>((r) => (release = r)) };
    const n = createNotifier({ channels: [slow], log: silentLogger });
    n.publish(alert(1));
    expect(n.stats().sent).toBe(0);
    await n.drain(10);
    expect(n.stats().sent).toBe(0);
    release();
    await n.drain(5_000);
    expect(n.stats().sent).toBe(1);
  });

  it("rate-limits each channel per minute and bounds its queue, dropping the oldest", async () => {
    const limited = recording("limited");
    const n = createNotifier({ channels: [limited], log: silentLogger, perMinute: 2, now: () => 0 });
    for (let i = 1; i <= 4; i++) n.publish(alert(i));
    await n.drain(5_000);
    expect(limited.got).toEqual([1, 2]);

    let release: () => void = () => undefined;
    const got: number[] = [];
    const blocked: AlertChannel = {
      name: "blocked",
      send: async (a) => {
        if (a.id === 1) await new Promise<void>((r) => (release = r));
        got.push(a.id);
      },
    };
    const q = createNotifier({ channels: [blocked], log: silentLogger, maxQueue: 2 });
    for (let i = 1; i <= 5; i++) q.publish(alert(i));
    release();
    await q.drain(5_000);
    expect(got).toEqual([1, 4, 5]);
    expect(q.stats().dropped).toBe(2);
  });
});
