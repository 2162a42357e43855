/**
 * What the jobs want the feed to register — the pre-market picks (priority 2) and the market scan's
 * finds (priority 3) — kept in Redis so it reaches the feed wherever it runs, and so a stand-by that
 * takes over registers what the old holder had: same watchlist, picks and finds in the same order,
 * holdings from the broker → the same registrations. A pub/sub message tells the running feed at once.
 */
import { Redis } from "ioredis";
import { z } from "zod";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

const keys = (prefix: string) => ({
  picks: `${prefix}:feed:picks`,
  finds: `${prefix}:feed:scan-finds`,
  channel: `${prefix}:feed:wants`,
});

/** Finds kept for a take-over: more than the 41 registrations the budget can give them. */
const MAX_FINDS = 200;

export interface FeedWants {
  picks: string[];
  /** oldest first, as they were found (the budget keeps the newest) */
  scanFinds: string[];
}

const Change = z.object({ kind: z.enum(["picks", "scan"]), symbols: z.array(z.string()) });
export type FeedWantsChange = z.infer<typeof Change>;

/** The jobs' side: the hooks `createJobHandlers` takes, writing to Redis instead of a local feed. */
export function feedWantsHooks(redis: Redis, prefix: string, log: Logger) {
  const k = keys(prefix);
  const send = (change: FeedWantsChange, write: Promise<unknown>) =>
    void write
      .then(() => redis.publish(k.channel, JSON.stringify(change)))
      .catch((err: unknown) => log.warn("feed wants not published", { kind: change.kind, error: errorMessage(err) }));
  return {
    onPicks: (symbols: string[]) => send({ kind: "picks", symbols }, redis.set(k.picks, JSON.stringify(symbols))),
    onScanFinds: (symbols: string[]) =>
      symbols.length > 0 &&
      send(
        { kind: "scan", symbols },
        redis
          .multi()
          .rpush(k.finds, ...symbols)
          .ltrim(k.finds, -MAX_FINDS, -1)
          .exec(),
      ),
  };
}

export async function readFeedWants(redis: Redis, prefix: string): Promise<FeedWants> {
  const k = keys(prefix);
  const [picks, scanFinds] = await Promise.all([redis.get(k.picks), redis.lrange(k.finds, 0, -1)]);
  return { picks: picks === null ? [] : z.array(z.string()).parse(JSON.parse(picks)), scanFinds };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The feed's side: calls `onChange` for every change published; returns the unsubscribe. */
export async function subscribeFeedWants(
  redisUrl: string,
  prefix: string,
  log: Logger,
  onChange: (change: FeedWantsChange) => void,
): Promise<() => Promise<void>> {
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const { channel } = keys(prefix);
  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    const parsed = Change.safeParse(parseJson(message));
    if (parsed.success) onChange(parsed.data);
    else log.warn("feed wants message ignored", { error: parsed.error.message });
  });
  subscriber.on("error", (err) => log.debug("feed wants subscription", { error: errorMessage(err) }));
  await subscriber.subscribe(channel);
  return async () => void subscriber.disconnect();
}
