/**
 * The one order path of a runtime, built once: the fill tracker, the order router (the only caller
 * of placeOrder, fenced by the account lease and the trading state) and the reconciler. The trading
 * graph, the live feed's execution notices and the jobs all use these same objects.
 */
import { createFillTracker, type FillTracker } from "../execution/fill-tracker.js";
import { createOrderRouter, type OrderRouter } from "../execution/order-router.js";
import { createReconciler, type Reconciler } from "../execution/reconciler.js";
import { sendGuard, withAccountLease, type HeldLeases, type LeaseDeps } from "./account-lease.js";
import type { Runtime } from "./create-runtime.js";
import type { RedisLeaseStore } from "./redis-lease.js";

export interface OrderPath {
  fillTracker: FillTracker;
  router: OrderRouter;
  reconciler: Reconciler;
}

/** The leases this runtime's runs hold, by run id: what the router's send guard fences on. */
const heldByRuntime = new WeakMap<Runtime, HeldLeases>();
function heldLeases(rt: Runtime): HeldLeases {
  const held = heldByRuntime.get(rt) ?? new Map();
  heldByRuntime.set(rt, held);
  return held;
}

/** Set by `start`: its runs also take the account's lease in Redis. */
const redisLeases = new WeakMap<Runtime, RedisLeaseStore>();
export function useRedisLeases(rt: Runtime, store: RedisLeaseStore): void {
  redisLeases.set(rt, store);
}

function leaseDeps(rt: Runtime): LeaseDeps {
  const redis = redisLeases.get(rt);
  return {
    leases: rt.repos.leases,
    account: `${rt.config.credentials.accountNo}${rt.config.credentials.productCode}`,
    settings: rt.config.lease,
    ...(redis ? { redis } : {}),
  };
}

/** Runs `fn` holding the account's lease for `runId` (one run per account, across processes). */
export function withRunLease<T>(rt: Runtime, runId: string, fn: () => Promise<T>): Promise<T> {
  return withAccountLease(leaseDeps(rt), heldLeases(rt), runId, fn);
}

const paths = new WeakMap<Runtime, OrderPath>();

export function orderPath(rt: Runtime): OrderPath {
  const built = paths.get(rt);
  if (built) return built;
  const { repos, db, kis: broker, clock, log } = rt;
  const common = { db, intents: repos.intents, trades: repos.trades, broker, clock, logger: log };
  const fillTracker = createFillTracker({ ...common, fills: repos.fills });
  const path = {
    fillTracker,
    router: createOrderRouter({
      ...common,
      fillTracker,
      guard: sendGuard({ tradingState: repos.tradingState, leases: repos.leases, held: heldLeases(rt) }),
    }),
    reconciler: createReconciler({ ...common, fillTracker }),
  };
  paths.set(rt, path);
  return path;
}
