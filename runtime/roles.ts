/**
 * What a `kis-agent start` process runs. `all` (the default) is one process doing everything;
 * the others split it across processes and machines sharing one Redis and one database:
 * `scheduler` registers the job schedulers (idempotent — several are harmless) and nothing else,
 * `worker` takes jobs (any number, anywhere; the account lease keeps one account's runs serial),
 * `feed` runs the live feed for the app key (one holder, the others stand by).
 */
import { AppError, errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Agent } from "./agent.js";
import type { RefreshableSnapshots } from "./feed-snapshots.js";

export const ROLES = ["all", "scheduler", "worker", "feed"] as const;
export type Role = (typeof ROLES)[number];

export interface RoleParts {
  /** registers the job schedulers */
  schedules: boolean;
  /** takes jobs from the queues */
  workers: boolean;
  /** stands by for, or holds, the app key's live feed */
  feed: boolean;
}

export function parseRole(text: string | undefined): Role {
  const role = text ?? "all";
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new AppError("DATA_INVALID", `--role must be one of ${ROLES.join(", ")}, received '${role}'`);
}

/** `--no-feed` takes the feed out of `all` (the feed role without its feed would be nothing). */
export function roleParts(role: Role, noFeed = false): RoleParts {
  if (noFeed && role === "feed") throw new AppError("DATA_INVALID", "--no-feed with --role feed leaves nothing to run");
  return {
    schedules: role === "all" || role === "scheduler",
    workers: role === "all" || role === "worker",
    feed: (role === "all" || role === "feed") && !noFeed,
  };
}

/**
 * The agent whose trading runs read the live view fresh first (one Redis round trip in a worker;
 * nothing while the process's own feed holds the lease). A failed read leaves the view it had,
 * which ages into stale rather than passing for fresh.
 */
export function refreshingSnapshots(agent: Agent, live: RefreshableSnapshots, log: Logger): Agent {
  return {
    ...agent,
    async runTrading(options) {
      try {
        const read = await live.refresh();
        if (read) log.info("live snapshots read from Redis", { runId: options?.runId, ...read });
      } catch (err) {
        log.warn("live snapshots not read", { error: errorMessage(err) });
      }
      return agent.runTrading(options);
    },
  };
}
