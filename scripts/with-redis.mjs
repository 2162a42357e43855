#!/usr/bin/env node
// Runs a command with a Redis that answers: the one at REDIS_URL (default 127.0.0.1:6379) when it
// does, otherwise a private redis-server on a free loopback port, stopped when the command ends.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: with-redis.mjs <command> [args...]");
  process.exit(2);
}

function ping(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function startPrivateRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kis-agent-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: "ignore",
  });
  child.on("error", (err) => {
    console.error(`could not start redis-server: ${err.message}`);
  });
  for (let i = 0; i < 100; i++) {
    if (await ping("127.0.0.1", port))
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: () => {
          child.kill("SIGTERM");
          rmSync(dir, { recursive: true, force: true });
        },
      };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("redis-server did not answer within 10 s; install it (Debian: apt-get install redis-server) or set REDIS_URL");
}

const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
let stop = () => {};
let env = { ...process.env };
if (!(await ping(url.hostname, Number(url.port || 6379)))) {
  const redis = await startPrivateRedis();
  console.error(`no Redis at ${url.host}; started a private one at ${redis.url}`);
  env = { ...env, REDIS_URL: redis.url };
  stop = redis.stop;
}
const child = spawn(cmd, args, { stdio: "inherit", env, shell: process.platform === "win32" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
