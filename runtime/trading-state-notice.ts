/**
 * Announces a halt or resume to every process of a mode over Redis pub/sub, best effort: the state
 * in the database is the truth (the order router reads it before every send), the announcement
 * lets running processes say so at once. Never waits long on a Redis that does not answer.
 */
import { Redis } from "ioredis";
import type { AppConfig } from "../core/config.js";
import { errorMessage } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { TradingState } from "../core/types.js";
import { queuePrefix } from "../jobs/queues.js";

export interface TradingStateNotice {
  state: TradingState;
  reason: string;
  actor: string;
  atMs: number;
}

/** Under the account's queue prefix (jobs/queues.ts): a halt of one account is not another's. */
type AccountOf = Pick<AppConfig, "kisEnv" | "accountId">;

export const tradingStateChannel = (config: AccountOf) => `${queuePrefix(config.kisEnv, config.accountId)}:trading-state`;

const quickClient = (url: string) =>
  new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });

/** Publishes the change; returns how many processes heard it, or undefined when Redis did not answer. */
export async function announceTradingState(redisUrl: string, account: AccountOf, notice: TradingStateNotice): Promise<number | undefined> {
  const client = quickClient(redisUrl);
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await client.publish(tradingStateChannel(account), JSON.stringify(notice));
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** Calls `onNotice` for every announced change until the returned function is called. */
export async function subscribeTradingState(
  redisUrl: string,
  account: AccountOf,
  log: Logger,
  onNotice: (n: TradingStateNotice) => void,
): Promise<() => void> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  client.on("error", (err: unknown) => log.warn("trading-state subscription: Redis error", { error: errorMessage(err) }));
  client.on("message", (_channel: string, message: string) => {
    try {
      onNotice(JSON.parse(message) as TradingStateNotice);
    } catch (err) {
      log.warn("trading-state notice unreadable", { error: errorMessage(err) });
    }
  });
  await client.connect();
  await client.subscribe(tradingStateChannel(account));
  return () => client.disconnect();
}
