/**
 * Finds the Redis the job system runs on: the one at REDIS_URL when it answers; otherwise, for a
 * loopback URL with `redis-server` on the PATH, a private server on that port with its files under
 * DATA_DIR/redis (stopped again by `close()`); otherwise a CONFIG_INVALID error saying how to get one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { join, resolve } from "node:path";
import type { ConnectionOptions } from "bullmq";
import { AppError } from "../core/errors.js";
import { maskUrl } from "../core/mask-url.js";
import { ensurePrivateDir } from "../core/private-files.js";
import { registerSecret, type Logger } from "../core/logger.js";

export interface RedisHandle {
  url: string;
  connection: ConnectionOptions;
  /** set when this process started the server */
  privateServer?: { pid: number; port: number; dir: string };
  close(): Promise<void>;
}

export interface RedisSetup {
  redisUrl: string;
  dataDir: string;
  log: Logger;
  /** @defaultValue "redis-server" */
  serverBinary?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export const HOW_TO_GET_REDIS =
  "Install and start Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis && brew services start redis; " +
  "Docker: docker run -d -p 6379:6379 redis:7), or point REDIS_URL at a running server.";

/** True when something speaking RESP answers PING (a password-protected server answers with an error, which counts). */
export function redisAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d: Buffer) => finish(d[0] === 0x2b || d[0] === 0x2d)); // '+' or '-'
    socket.on("error", () => finish(false));
    socket.on("timeout", () => finish(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}

async function startPrivateServer(
  setup: RedisSetup,
  host: string,
  port: number,
): Promise<RedisHandle["privateServer"] & { child: ChildProcess }> {
  const dir = resolve(join(setup.dataDir, "redis"));
  ensurePrivateDir(dir);
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "300 1", "--appendonly", "no", "--daemonize", "no"];
  const child = spawn(setup.serverBinary ?? "redis-server", args, { stdio: "ignore" });
  const missing = new Promise<boolean>((r) => child.once("error", () => r(true)));
  for (let i = 0; i < 100; i++) {
    if (await Promise.race([missing, sleep(100).then(() => false)])) {
      throw new AppError("CONFIG_INVALID", `No Redis answers at ${host}:${port} and redis-server is not on the PATH. ${HOW_TO_GET_REDIS}`);
    }
    if (child.exitCode !== null) break;
    if (await redisAnswers(host, port)) return { pid: child.pid ?? 0, port, dir, child };
  }
  await stopChild(child);
  throw new AppError(
    "CONFIG_INVALID",
    `No Redis answers at ${host}:${port} and a private redis-server could not be started there (port in use?). ${HOW_TO_GET_REDIS}`,
  );
}

export async function connectRedis(setup: RedisSetup): Promise<RedisHandle> {
  let url: URL;
  try {
    url = new URL(setup.redisUrl);
  } catch {
    throw new AppError("CONFIG_INVALID", `REDIS_URL: expected redis://host:port, received '${maskUrl(setup.redisUrl)}'`);
  }
  registerSecret(decodeURIComponent(url.password));
  const host = url.hostname || "127.0.0.1";
  const port = Number(url.port || 6379);
  // BullMQ sets maxRetriesPerRequest: null itself when it is handed options rather than a client.
  const connection: ConnectionOptions = { url: setup.redisUrl };
  if (await redisAnswers(host, port)) return { url: setup.redisUrl, connection, close: async () => undefined };
  if (!LOOPBACK.has(host)) throw new AppError("CONFIG_INVALID", `No Redis answers at ${host}:${port}. ${HOW_TO_GET_REDIS}`);
  const server = await startPrivateServer(setup, host, port);
  setup.log.info("no Redis answered; started a private redis-server", { port, pid: server.pid, dir: server.dir });
  return {
    url: setup.redisUrl,
    connection,
    privateServer: { pid: server.pid, port, dir: server.dir },
    close: () => stopChild(server.child),
  };
}
