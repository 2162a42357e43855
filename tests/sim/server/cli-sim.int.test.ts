import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

const run = (args: string[]) => spawn(process.execPath, ["bin/kis-agent.js", "sim", ...args], { stdio: ["ignore", "pipe", "pipe"] });

describe("kis-agent sim", () => {
  it("prints its URLs and clock as JSON, serves, and exits 0 on SIGTERM", async () => {
    const child = run(["--port", "0", "--json", "--start", "2026-11-23T10:00:00+09:00", "--seed", "5"]);
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    const info = JSON.parse(chunk.toString()) as { restUrl: string; wsUrl: string; clock: string; seed: number };
    expect(info).toMatchObject({ seed: 5, wsUrl: info.restUrl.replace("http", "ws") });
    expect(info.clock.startsWith("2026-11-23T10:00")).toBe(true);
    const state = await fetch(`${info.restUrl}/sim/state`);
    expect(state.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(0);
  });

  it("exits 2 with a clear message for a bad option", async () => {
    const child = run(["--speed", "fast"]);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain("--speed: expected a positive number, received 'fast'");
  });
});
