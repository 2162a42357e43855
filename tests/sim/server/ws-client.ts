/** A test-side KIS WebSocket client over the `ws` package: queued text frames and awaited matches. */
import { WebSocket } from "ws";

export class WsClient {
  private readonly frames: string[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<number>;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(data.toString());
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
  }

  static open(url: string): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => resolve(new WsClient(socket)));
      socket.once("error", reject);
    });
  }

  send(value: unknown): void {
    this.socket.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  request(approvalKey: string, trId: string, trKey: string, trType: "1" | "2" = "1"): void {
    this.send({
      header: { approval_key: approvalKey, custtype: "P", tr_type: trType, "content-type": "utf-8" },
      body: { input: { tr_id: trId, tr_key: trKey } },
    });
  }

  /** The next frame (in arrival order) that matches, removing it and everything before it. */
  async next(match: (frame: string) => boolean = () => true, timeoutMs = 5_000): Promise<string> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.waiter?.();
    }, timeoutMs);
    try {
      for (;;) {
        const i = this.frames.findIndex(match);
        if (i >= 0) return this.frames.splice(0, i + 1)[i]!;
        if (timedOut)
          throw new Error(`No matching frame within ${timeoutMs} ms; have ${this.frames.map((f) => f.slice(0, 60)).join(" | ")}`);
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The next JSON control frame for `trId` (acks), parsed. */
  async ack(trId?: string): Promise<{
    header: Record<string, string>;
    body: { rt_cd: string; msg_cd: string; msg1: string; output?: { iv: string; key: string } };
  }> {
    const text = await this.next(
      (f) => f.startsWith("{") && !f.includes("PINGPONG") && (trId === undefined || f.includes(`"tr_id":"${trId}"`)),
    );
    return JSON.parse(text) as never;
  }

  pending(): string[] {
    return [...this.frames];
  }

  close(): void {
    this.socket.terminate();
  }
}
