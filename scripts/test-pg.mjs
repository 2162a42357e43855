#!/usr/bin/env node
// `npm run test:pg`: the database tests and the trading graph end to end against PostgreSQL. Uses
// DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, trust auth); when nothing answers
// there and the machine has a Debian PostgreSQL cluster, starts it first. Each test file creates and
// drops its own kis_test_<random> databases, so the server needs a role allowed to CREATE DATABASE.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const FILES = [
  "tests/db",
  "tests/graphs/trading.int.test.ts",
  "tests/runtime/notifying-alerts.int.test.ts",
  "tests/prompts/prompt-versions.int.test.ts",
  // issue 16's scale-out scenario: several processes on one PostgreSQL
  "tests/scenarios/scale-out.int.test.ts",
];

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    socket.setTimeout(1000);
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function ensureServer() {
  const { hostname, port } = new URL(url);
  const host = hostname || "127.0.0.1";
  if (await answers(host, port || 5432)) return;
  const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
  if (versions.length === 0) {
    console.error(
      `test:pg: nothing answers at ${host}:${port || 5432} and no PostgreSQL cluster is installed (apt-get install postgresql)`,
    );
    process.exit(1);
  }
  console.error(`test:pg: starting PostgreSQL ${versions[0]} (main)`);
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0], "main", "start"], { stdio: "inherit" });
  for (let i = 0; i < 50 && !(await answers(host, port || 5432)); i++) await new Promise((r) => setTimeout(r, 200));
}

await ensureServer();
const result = spawnSync("npx", ["vitest", "run", ...FILES, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);
