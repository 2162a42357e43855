/**
 * Redis for job tests: the server at REDIS_URL (`npm test` provides one through
 * scripts/with-redis.mjs), a unique key prefix per test, and removal of every key under it.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface RedisScope {
  prefix: string;
  client: Redis;
  connection: { url: string };
  /** deletes every key under the prefix and closes the client */
  cleanup(): Promise<void>;
}

export function redisScope(name: string): RedisScope {
  const prefix = `test-${name}-${randomUUID().slice(0, 8)}`;
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  return {
    prefix,
    client,
    connection: { url: REDIS_URL },
    async cleanup() {
      let cursor = "0";
      do {
        const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) await client.del(...keys);
      } while (cursor !== "0");
      await client.quit();
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
