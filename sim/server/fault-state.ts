/**
 * Transport faults armed through the admin API: a rate-limit storm for a while, a number of
 * bodiless 5xx answers (to any request, or only to one path), and a number of cash orders whose acknowledgement is lost. Durations run
 * on the wall clock: they describe the network, not the market.
 */
import { z } from "zod";
import type { Clock } from "../../core/clock.js";

export const FaultRequest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rate-limit-storm"), durationMs: z.number().int().positive() }),
  z.object({ kind: z.literal("revoke-tokens") }),
  z.object({ kind: z.literal("expire-tokens") }),
  z.object({ kind: z.literal("drop-sockets") }),
  z.object({ kind: z.literal("http-5xx"), count: z.number().int().positive(), path: z.string().startsWith("/").optional() }),
  z.object({ kind: z.literal("drop-order-ack"), count: z.number().int().positive() }),
]);
export type FaultRequest = z.infer<typeof FaultRequest>;

export type ActiveFault =
  | { kind: "rate-limit-storm"; remainingMs: number }
  | { kind: "http-5xx"; remaining: number; path?: string }
  | { kind: "drop-order-ack"; remaining: number };

export class FaultState {
  private stormUntilMs = 0;
  /** Armed 5xx answers in arming order; `path` set: only requests for that path take one. */
  private http5xx: { remaining: number; path?: string }[] = [];
  private dropAckLeft = 0;
  private served5xx = 0;

  constructor(private readonly wall: Clock) {}

  startStorm(durationMs: number): void {
    this.stormUntilMs = Math.max(this.stormUntilMs, this.wall.now() + durationMs);
  }

  add5xx(count: number, path?: string): void {
    this.http5xx.push({ remaining: count, ...(path ? { path } : {}) });
  }

  addDroppedAcks(count: number): void {
    this.dropAckLeft += count;
  }

  inStorm(): boolean {
    return this.wall.now() < this.stormUntilMs;
  }

  /** The status to answer with when a 5xx is armed (502 and 503 alternate), else undefined. */
  take5xx(path: string): 502 | 503 | undefined {
    const armed = this.http5xx.find((f) => f.path === undefined || f.path === path);
    if (!armed) return undefined;
    if (--armed.remaining === 0) this.http5xx.splice(this.http5xx.indexOf(armed), 1);
    return this.served5xx++ % 2 === 0 ? 502 : 503;
  }

  takeDroppedAck(): boolean {
    if (this.dropAckLeft <= 0) return false;
    this.dropAckLeft--;
    return true;
  }

  active(): ActiveFault[] {
    const out: ActiveFault[] = [];
    const stormLeft = this.stormUntilMs - this.wall.now();
    if (stormLeft > 0) out.push({ kind: "rate-limit-storm", remainingMs: stormLeft });
    for (const f of this.http5xx) out.push({ kind: "http-5xx", ...f });
    if (this.dropAckLeft > 0) out.push({ kind: "drop-order-ack", remaining: this.dropAckLeft });
    return out;
  }

  clear(): void {
    this.stormUntilMs = 0;
    this.http5xx = [];
    this.dropAckLeft = 0;
  }
}
