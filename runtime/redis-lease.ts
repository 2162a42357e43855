/**
 * The account lease in Redis, for `start` workers: a key holding "token|holder" with a TTL, the token
 * from a counter that only grows (fencing). Atomic scripts compare the token before renewing or
 * releasing, so a holder whose lease lapsed and was taken over can neither extend nor drop it.
 */
import type { Redis } from "ioredis";
import type { LeaseGrant } from "../db/lease-repo.js";

const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current then return {0, current, redis.call('PTTL', KEYS[1])} end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'PX', ARGV[2])
return {1, token}`;

const RENEW = `
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface RedisLeaseStore {
  acquire(account: string, holder: string, ttlMs: number, nowMs: number): Promise<LeaseGrant>;
  renew(account: string, token: number, ttlMs: number): Promise<boolean>;
  release(account: string, token: number): Promise<void>;
}

export function createRedisLeaseStore(client: Redis, prefix: string): RedisLeaseStore {
  const keys = (account: string) => [`${prefix}:lease:${account}`, `${prefix}:lease-token:${account}`];
  return {
    async acquire(account, holder, ttlMs, nowMs) {
      const [granted, value, pttl] = (await client.eval(ACQUIRE, 2, ...keys(account), holder, ttlMs)) as [number, number | string, number?];
      if (granted === 1) return { granted: true, token: Number(value) };
      const text = String(value);
      return { granted: false, holder: text.slice(text.indexOf("|") + 1), expiresAtMs: nowMs + Math.max(0, pttl ?? 0) };
    },
    async renew(account, token, ttlMs) {
      return Number(await client.eval(RENEW, 1, keys(account)[0] ?? "", token, ttlMs)) === 1;
    },
    async release(account, token) {
      await client.eval(RELEASE, 1, keys(account)[0] ?? "", token);
    },
  };
}
