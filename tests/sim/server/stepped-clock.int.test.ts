/**
 * The stepped clock's synced move: `POST /sim/clock {sync: true}` answers only once every session
 * has echoed a PINGPONG sent after the step's frames — that is, read them all (one socket, in order).
 */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { fromKst, ManualClock } from "../../../core/clock.js";
import { startSimulator, type SimulatorHandle } from "../../../sim/index.js";
import { APP_KEY, APP_SECRET } from "./harness.js";

let sim: SimulatorHandle | undefined;
let socket: WebSocket | undefined;
afterEach(async () => {
  socket?.terminate();
  await sim?.close();
});

const post = async (path: string, body: unknown) =>
  (await fetch(`${sim!.restUrl}${path}`, { method: "POST", body: JSON.stringify(body) })).json();

/** A client that reads slowly: it echoes each PINGPONG only `delayMs` after it arrived. Counts every frame, pings included. */
async function slowReader(delayMs: number): Promise<{ received: () => number }> {
  const approval = (await post("/oauth2/Approval", { grant_type: "client_credentials", appkey: APP_KEY, secretkey: APP_SECRET })) as {
    approval_key: string;
  };
  const ws = new WebSocket(`${sim!.wsUrl}/tryitout`);
  socket = ws;
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let received = 0;
  ws.on("message", (data) => {
    const text = data.toString();
    received++;
    if (text.includes('"PINGPONG"')) setTimeout(() => ws.send(text), delayMs);
  });
  ws.send(
    JSON.stringify({
      header: { approval_key: approval.approval_key, custtype: "P", tr_type: "1", "content-type": "utf-8" },
      body: { input: { tr_id: "H0STCNT0", tr_key: "005930" } },
    }),
  );
  return { received: () => received };
}

describe("POST /sim/clock on a stepped simulator", () => {
  it("answers a synced move once the session has read every frame of the step", async () => {
    // Arrange
    sim = await startSimulator({
      clock: new ManualClock(fromKst("20261123", "090100")),
      seed: 3,
      pingIntervalMs: 600_000,
      rateLimitPerSec: 0,
    });
    const reader = await slowReader(300);
    await post("/sim/clock", { advanceMs: 1_000, sync: true });

    // Act
    const started = performance.now();
    const moved = (await post("/sim/clock", { advanceMs: 60_000, sync: true })) as { synced: boolean; stepped: boolean };

    // Assert
    expect(moved).toMatchObject({ synced: true, stepped: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(reader.received()).toBeGreaterThan(2);
    expect(reader.received()).toBe(sim.framesSent());
  });

  it("answers an unsynced move at once and says the clock is stepped", async () => {
    sim = await startSimulator({
      clock: new ManualClock(fromKst("20261123", "090100")),
      seed: 3,
      pingIntervalMs: 600_000,
      rateLimitPerSec: 0,
    });
    await slowReader(2_000);

    const started = performance.now();
    const moved = (await post("/sim/clock", { advanceMs: 60_000 })) as Record<string, unknown>;
    const view = (await (await fetch(`${sim.restUrl}/sim/clock`)).json()) as Record<string, unknown>;

    expect(performance.now() - started).toBeLessThan(1_500);
    expect(moved).not.toHaveProperty("synced");
    expect(view).toMatchObject({ stepped: true, nowMs: fromKst("20261123", "090100") + 60_000 });
  });
});
