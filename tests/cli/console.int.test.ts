/**
 * `kis-agent console` as a user runs it: a child process on a free port over a temp DATA_DIR. It
 * prints the URL with a generated token (or hides a configured one), binds 127.0.0.1, lets the
 * printed URL in and nobody else, and stops on SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../testkit/free-port.js";

let dir: string | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts the command and resolves with its first stdout line. */
async function start(env: Record<string, string>, args: string[]): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), "kis-console-cli-"));
  child = spawn(process.execPath, ["bin/kis-agent.js", "console", ...args], {
    env: { ...process.env, KIS_ENV: "sim", DATA_DIR: dir, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child?.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
    });
    child?.once("exit", (code) => reject(new Error(`console exited ${code}: ${err}`)));
  });
}

describe("kis-agent console", () => {
  it("prints the URL with a generated token on 127.0.0.1, lets it in, refuses others and stops on SIGTERM", async () => {
    const port = await freePort();
    const line = await start({}, ["--port", String(port)]);
    const match = /at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([0-9a-f]{48})$/.exec(line);
    expect(match?.[2], line).toBe(String(port));
    const [, base, , token] = match ?? [];
    expect((await fetch(`${base}/api/runs`)).status).toBe(401);
    expect((await fetch(`${base}/api/runs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const page = await fetch(`${base}/?token=${token}`, { redirect: "manual" });
    expect(page.status).toBe(303);
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await fetch(`${base}/`, { headers: { cookie } })).status).toBe(200);
    child?.kill("SIGTERM");
    const [code] = (await once(child as ChildProcess, "exit")) as [number];
    expect(code).toBe(0);
  }, 60_000);

  it("does not print a token set in CONSOLE_TOKEN, and takes CONSOLE_PORT", async () => {
    const port = await freePort();
    const token = "configured-console-token-0123456789";
    const line = await start({ CONSOLE_TOKEN: token, CONSOLE_PORT: String(port) }, []);
    expect(line).toBe(`kis-agent console (sim) at http://127.0.0.1:${port}/?token=<CONSOLE_TOKEN>`);
    expect((await fetch(`http://127.0.0.1:${port}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  }, 60_000);
});
