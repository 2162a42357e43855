import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/logger.js";
import { connectRedis, redisAnswers } from "../../runtime/redis.js";
import { REDIS_URL } from "../jobs/redis-harness.js";
import { freePort } from "../../testkit/free-port.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "kis-redis-"));
  dirs.push(d);
  return d;
}

describe("connectRedis", () => {
  it("uses the Redis that answers at REDIS_URL and starts nothing", async () => {
    const handle = await connectRedis({ redisUrl: REDIS_URL, dataDir: tempDir(), log: silentLogger });
    expect(handle.privateServer).toBeUndefined();
    await handle.close();
  });

  it("starts a private redis-server under DATA_DIR when nothing answers, and stops it on close", async () => {
    const port = await freePort();
    const dataDir = tempDir();
    const handle = await connectRedis({ redisUrl: `redis://127.0.0.1:${port}`, dataDir, log: silentLogger });
    expect(handle.privateServer).toMatchObject({ port, dir: join(dataDir, "redis") });
    expect(existsSync(join(dataDir, "redis"))).toBe(true);
    expect(await redisAnswers("127.0.0.1", port)).toBe(true);
    await handle.close();
    expect(await redisAnswers("127.0.0.1", port)).toBe(false);
  });

  it("says how to get Redis when none answers and redis-server is not installed", async () => {
    const port = await freePort();
    const attempt = connectRedis({
      redisUrl: `redis://127.0.0.1:${port}`,
      dataDir: tempDir(),
      log: silentLogger,
      serverBinary: "redis-server-not-installed",
    });
    await expect(attempt).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringMatching(/not on the PATH.*apt-get install redis-server/),
    });
  });

  it("rejects a malformed REDIS_URL with a typed error", async () => {
    await expect(connectRedis({ redisUrl: "not a url", dataDir: tempDir(), log: silentLogger })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });
});
