/** The same handler on every queue, for tests that exercise one queue and leave the rest idle. */
import type { JobHandler, JobHandlers } from "../../jobs/processor.js";

export function everyQueue(handler: JobHandler): JobHandlers {
  return {
    "trading-run": handler,
    "reflection-run": handler,
    "market-scan": handler,
    "daily-analysis": handler,
    finalize: handler,
    "pnl-backfill": handler,
    reconcile: handler,
    health: handler,
  };
}
