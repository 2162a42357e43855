import { afterEach, describe, expect, it } from "vitest";
import { createAlertsRepo } from "../../db/alerts-repo.js";
import type { Notifier, OutgoingAlert } from "../../runtime/alerts/notifier.js";
import { DEDUPE_WINDOW_MS, withNotifications } from "../../runtime/alerts/notifying-alerts.js";
import { openTestLedger, type TestLedger } from "../db/temp-db.js";

function fakeNotifier(channels = ["webhook"]): Notifier & { published: OutgoingAlert[] } {
  const published: OutgoingAlert[] = [];
  return {
    channels,
    published,
    publish: (a) => void published.push(a),
    drain: async () => undefined,
    stats: () => ({ sent: 0, failed: 0, dropped: 0 }),
    close: () => undefined,
  };
}

let temp: TestLedger;
afterEach(() => temp.dispose());

const halt = { severity: "critical" as const, source: "cli", code: "TRADING_HALTED", message: "halt: test" };

describe("stored alerts become notifications", () => {
  it("stores every alert but notifies the same one once per window, across processes sharing the database", () => {
    temp = openTestLedger();
    const other = temp.reopen();
    const a = fakeNotifier();
    const b = fakeNotifier();
    const first = withNotifications(createAlertsRepo(temp.db), a);
    const second = withNotifications(createAlertsRepo(other), b);
    first.insert(halt, 1_000);
    second.insert(halt, 2_000);
    first.insert({ ...halt, message: "halt: another reason" }, 3_000);
    second.insert(halt, 1_000 + DEDUPE_WINDOW_MS + 1);
    expect(createAlertsRepo(temp.db).listRecent()).toHaveLength(4);
    expect(a.published.map((x) => x.message)).toEqual(["halt: test", "halt: another reason"]);
    expect(b.published.map((x) => x.createdAtMs)).toEqual([1_000 + DEDUPE_WINDOW_MS + 1]);
  });

  it("dedupes on an explicit key and links a run's alert to its console page", () => {
    temp = openTestLedger();
    const n = fakeNotifier();
    const repo = withNotifications(createAlertsRepo(temp.db), n, { consoleUrl: "http://127.0.0.1:8787/" });
    const approval = {
      severity: "warn" as const,
      source: "approve",
      code: "APPROVAL_NEEDED",
      details: { runId: "trading-1", dedupeKey: "approval|trading-1" },
    };
    repo.insert({ ...approval, message: "waits" }, 1_000);
    repo.insert({ ...approval, message: "waits, said differently" }, 2_000);
    expect(n.published).toEqual([
      expect.objectContaining({
        code: "APPROVAL_NEEDED",
        link: "http://127.0.0.1:8787/runs/trading-1",
        details: { runId: "trading-1", dedupeKey: "approval|trading-1", notified: true },
      }),
    ]);
  });

  it("publishes nothing when no channel is configured", () => {
    temp = openTestLedger();
    const n = fakeNotifier([]);
    withNotifications(createAlertsRepo(temp.db), n).insert(halt, 1_000);
    expect(n.published).toEqual([]);
  });
});
