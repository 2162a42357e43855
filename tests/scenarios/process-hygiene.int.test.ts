/**
 * Process hygiene: `start` stops within 10 s of SIGTERM even when Redis never answers; no Redis
 * password in an error; DATA_DIR 0700 and its files 0600.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { maskUrl } from "../../core/mask-url.js";
import { createLogger } from "../../core/logger.js";
import { openDatabase } from "../../db/database.js";
import { connectRedis } from "../../runtime/redis.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "kis-hygiene-"));
  dirs.push(d);
  return d;
};

describe("process hygiene", () => {
  it("start exits within 10 s of SIGTERM while a Redis that stopped answering holds it up", async () => {
    // A "Redis" that answers start's first PING, then never says another word: the job system hangs.
    const sockets: net.Socket[] = [];
    const blackhole = net.createServer((s) => {
      if (sockets.length === 0) s.once("data", () => s.write("+PONG\r\n"));
      sockets.push(s);
    });
    await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
    const port = (blackhole.address() as net.AddressInfo).port;
    try {
      const env = { ...process.env, DATA_DIR: tempDir(), REDIS_URL: `redis://:s3cretPassw0rd@127.0.0.1:${port}`, LOG_LEVEL: "info" };
      const child = spawn(process.execPath, ["bin/kis-agent.js", "start", "--no-feed"], { env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number>((r) => child.once("exit", () => r(Date.now())));
      await new Promise((r) => setTimeout(r, 5_000));

      expect(child.exitCode, stderr).toBeNull(); // still waiting for Redis
      const signalledAt = Date.now();
      child.kill("SIGTERM");
      const exitedAt = await exited;

      expect(exitedAt - signalledAt).toBeLessThan(10_000);
      expect(stderr).toContain("exiting without waiting");
      expect(stderr).not.toContain("s3cretPassw0rd");
    } finally {
      sockets.forEach((s) => s.destroy());
      blackhole.close();
    }
  }, 30_000);

  it("never puts a Redis password in an error", async () => {
    const err = await connectRedis({ redisUrl: "redis://:hunter2-secret@[bad", dataDir: tempDir(), log: createLogger("silent") }).then(
      () => new Error("connected"),
      (e: unknown) => e as Error,
    );

    expect(err.message).toContain("REDIS_URL");
    expect(err.message).not.toContain("hunter2-secret");
    expect(maskUrl("redis://user:pw-123456@host:6379/0")).toBe("redis://user:***@host:6379/0");
  });

  it("creates DATA_DIR 0700 and the database and its WAL 0600", () => {
    const dir = join(tempDir(), "data");
    const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
    db.prepare("INSERT INTO alerts (created_at_ms, severity, source, code, message) VALUES (1, 'info', 't', 'T', 'm')").run();

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "kis-agent.sim.sqlite")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "kis-agent.sim.sqlite-wal")).mode & 0o777).toBe(0o600);
    db.close();
  });
});
