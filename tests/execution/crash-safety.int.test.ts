/**
 * Kills the order path after each step (a throwing repository, or a request that never returns) and
 * restarts it on the same SQLite file against the same exchange: no order is ever sent twice and
 * no trade record is ever lost.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { AppError } from "../../core/errors.js";
import type { IntentStatus } from "../../db/intents-repo.js";
import { createFillTracker } from "../../execution/fill-tracker.js";
import { createOrderRouter, intentKey } from "../../execution/order-router.js";
import { createReconciler } from "../../execution/reconciler.js";
import { FakeBroker, type PlaceBehaviour } from "../fakes/fake-broker.js";
import { createHarness, GRACE_MS, limitBuy, RUN, T0, type Harness } from "./harness.js";

class Crash extends Error {}
const KEY = intentKey(RUN.runId, limitBuy().order);

let dir: string;
let file: string;
let clock: ManualClock;
let broker: FakeBroker;
const open: Harness[] = [];

const start = (): Harness => {
  const h = createHarness(file, clock, broker);
  open.push(h);
  return h;
};
const crash = (h: Harness) => h.db.close();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-crash-"));
  file = join(dir, "trading.sqlite");
  clock = new ManualClock(T0);
  broker = new FakeBroker(clock);
});

afterEach(() => {
  for (const h of open.splice(0)) if (h.db.open) h.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the first attempt up to its crash point. */
type FirstAttempt = (h: Harness) => Promise<void>;

const submitWith =
  (behaviour: PlaceBehaviour): FirstAttempt =>
  async (h) => {
    broker.script(behaviour);
    if (behaviour.kind !== "hang") {
      await h.router.submit(RUN, [limitBuy()]);
      return;
    }
    const called = broker.placeCalled();
    void h.router.submit(RUN, [limitBuy()]);
    await called;
  };

const crashBeforeSent: FirstAttempt = async (h) => {
  const intents = {
    ...h.intents,
    transition: (...args: Parameters<Harness["intents"]["transition"]>) => {
      if (args[1] === "SENT") throw new Crash("process killed");
      return h.intents.transition(...args);
    },
  };
  const router = createOrderRouter({ db: h.db, intents, trades: h.trades, fillTracker: h.fillTracker, broker, clock });
  await expect(router.submit(RUN, [limitBuy()])).rejects.toBeInstanceOf(Crash);
};

describe("crash safety of the order path", () => {
  const steps: Array<[string, FirstAttempt, number, IntentStatus]> = [
    ["after the intent is written, before SENT", crashBeforeSent, 1, "ACKED"],
    ["after SENT, before the request reaches KIS", submitWith({ kind: "hang", accepted: false }), 0, "REJECTED"],
    ["after KIS accepts, before the acknowledgement is stored", submitWith({ kind: "hang", accepted: true }), 1, "ACKED"],
    ["after a lost acknowledgement is recorded UNKNOWN", submitWith({ kind: "lose-ack" }), 1, "ACKED"],
    [
      "after a timeout KIS never saw is recorded UNKNOWN",
      submitWith({ kind: "fail", error: new AppError("BROKER_UNAVAILABLE", "timeout", { retryable: true }) }),
      0,
      "REJECTED",
    ],
    ["after the acknowledgement is stored", submitWith({ kind: "ack" }), 1, "ACKED"],
  ];

  it.each(steps)("a crash %s sends no duplicate and keeps the trade", async (_step, firstAttempt, ordersAtKis, finalStatus) => {
    // Arrange: the first process gets as far as the step, then dies.
    const first = start();
    await firstAttempt(first);
    crash(first);

    // Act: a new process re-runs the same plan, reconciles after the grace period, and re-runs it again.
    const second = start();
    await second.router.submit(RUN, [limitBuy()]);
    clock.advance(GRACE_MS);
    await second.reconciler.reconcile();
    const [rerun] = await second.router.submit(RUN, [limitBuy()]);

    // Assert
    expect(broker.orders).toHaveLength(ordersAtKis);
    expect(rerun).toMatchObject({ status: finalStatus, sent: false });
    const trades = second.trades.listByRun(RUN.runId);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      intentKey: KEY,
      executionStatus: finalStatus,
      justificationText: limitBuy().trade.justificationText,
    });
    expect(trades[0]?.orderNumber).toBe(broker.orders[0]?.orderNo);
  });

  it("never sends an intent whose request may be in flight, even before reconciliation", async () => {
    const first = start();
    await submitWith({ kind: "hang", accepted: true })(first);
    crash(first);

    const second = start();
    const [result] = await second.router.submit(RUN, [limitBuy()]);

    expect(result).toMatchObject({ status: "UNKNOWN", sent: false });
    expect(broker.placeOrderCalls()).toHaveLength(1);
  });

  it("a crash while recording a fill loses nothing and counts nothing twice", async () => {
    const first = start();
    await first.router.submit(RUN, [limitBuy()]);
    broker.fill("0000000001", 4, 70_000);
    const trades = {
      ...first.trades,
      updateExecution: () => {
        throw new Crash("process killed");
      },
    };
    const tracker = createFillTracker({ db: first.db, intents: first.intents, fills: first.fills, trades, broker, clock });
    const notice = { orderNo: "0000000001", quantity: 4, priceKrw: 70_000, filledAtMs: T0 + 1_000 };
    expect(() => tracker.applyNotice(notice)).toThrow(Crash);
    crash(first);

    const second = start();
    expect(second.fills.totals({ orderNo: "0000000001", tradeDate: "20260304" }).quantity).toBe(0);
    second.fillTracker.applyNotice(notice);
    second.fillTracker.applyNotice(notice);
    await second.reconciler.reconcile();

    expect(second.intents.findByKey(KEY)).toMatchObject({ status: "PARTIAL", filledQuantity: 4, averageFillPriceKrw: 70_000 });
    expect(second.trades.findByIntentKey(KEY)?.executionStatus).toBe("PARTIAL");
  });

  it("a crash in reconciliation after matching resumes with the fills", async () => {
    const first = start();
    await submitWith({ kind: "lose-ack" })(first);
    broker.fill("0000000001", 10, 70_000);
    const fills = {
      ...first.fills,
      setPollRemainder: () => {
        throw new Crash("process killed");
      },
    };
    const fillTracker = createFillTracker({ db: first.db, intents: first.intents, fills, trades: first.trades, broker, clock });
    const reconciler = createReconciler({
      db: first.db,
      intents: first.intents,
      trades: first.trades,
      fillTracker,
      broker,
      clock,
      graceMs: GRACE_MS,
    });
    await expect(reconciler.reconcile()).rejects.toBeInstanceOf(Crash);
    crash(first);

    const second = start();
    expect(second.intents.findByKey(KEY)).toMatchObject({ status: "ACKED", orderNo: "0000000001" });
    await second.reconciler.reconcile();

    expect(second.intents.findByKey(KEY)).toMatchObject({ status: "FILLED", filledQuantity: 10 });
    expect(second.trades.findByIntentKey(KEY)?.executionStatus).toBe("FILLED");
    expect(broker.placeOrderCalls()).toHaveLength(1);
  });
});
