/** Wires the execution layer over a real SQLite database (":memory:" or a file) with a FakeBroker and a ManualClock. */
import { fromKst, ManualClock } from "../../core/clock.js";
import type { OrderRequest } from "../../core/types.js";
import { openDatabase } from "../../db/database.js";
import { createFillsRepo } from "../../db/fills-repo.js";
import { createIntentsRepo } from "../../db/intents-repo.js";
import { createTradesRepo } from "../../db/trades-repo.js";
import { createFillTracker } from "../../execution/fill-tracker.js";
import { createOrderRouter, type RouteOrder } from "../../execution/order-router.js";
import { createReconciler } from "../../execution/reconciler.js";
import { FakeBroker } from "../fakes/fake-broker.js";

/** Wednesday 2026-03-04 10:00 KST. */
export const T0 = fromKst("20260304", "100000");
export const RUN = { runId: "run-1", promptVersion: "v1" };
export const GRACE_MS = 60_000;

export function limitBuy(overrides: Partial<OrderRequest> = {}): RouteOrder {
  return {
    order: { symbol: "005930", side: "buy", quantity: 10, type: "limit", limitPriceKrw: 70_000, ...overrides },
    trade: {
      justificationText: "breakout above 69,500 on volume",
      marketSnapshot: { priceKrw: 70_000 },
      portfolioBefore: { cashKrw: 10_000_000 },
      referencePriceKrw: 70_000,
    },
  };
}

export type Harness = ReturnType<typeof createHarness>;

export function createHarness(file = ":memory:", clock = new ManualClock(T0), broker = new FakeBroker(clock)) {
  const db = openDatabase(file);
  const intents = createIntentsRepo(db);
  const fills = createFillsRepo(db);
  const trades = createTradesRepo(db);
  const fillTracker = createFillTracker({ db, intents, fills, trades, broker, clock });
  const router = createOrderRouter({ db, intents, trades, fillTracker, broker, clock });
  const reconciler = createReconciler({ db, intents, trades, fillTracker, broker, clock, graceMs: GRACE_MS });
  return { db, clock, broker, intents, fills, trades, fillTracker, router, reconciler };
}
