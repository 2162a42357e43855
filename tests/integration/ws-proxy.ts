/**
 * A loopback WebSocket proxy between the product's feed and the simulator: forwards every frame
 * unchanged, records both directions per connection, and lets a test inject a frame towards the
 * client or send one upstream. A drop on either side drops the other.
 */
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { WebSocket, WebSocketServer } from "ws";

export interface ProxyConnection {
  /** text frames the client sent, in order */
  fromClient: string[];
  /** text frames the simulator sent and the proxy forwarded, in order (injected frames are not here) */
  fromServer: string[];
  client: WebSocket;
  upstream: WebSocket;
}

export class WsProxy {
  readonly connections: ProxyConnection[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {}

  static async start(upstreamBase: string): Promise<WsProxy> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
    const proxy = new WsProxy(wss, `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    wss.on("connection", (client, req) => proxy.attach(client, `${upstreamBase}${req.url ?? "/"}`));
    return proxy;
  }

  private attach(client: WebSocket, upstreamUrl: string): void {
    const upstream = new WebSocket(upstreamUrl, { perMessageDeflate: false });
    const connection: ProxyConnection = { fromClient: [], fromServer: [], client, upstream };
    this.connections.push(connection);
    const queued: string[] = [];
    client.on("message", (data) => {
      const text = String(data);
      connection.fromClient.push(text);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else queued.push(text);
    });
    upstream.on("open", () => {
      for (const text of queued.splice(0)) upstream.send(text);
    });
    upstream.on("message", (data) => {
      const text = String(data);
      connection.fromServer.push(text);
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    upstream.on("close", () => client.terminate());
    client.on("close", () => upstream.terminate());
    upstream.on("error", () => client.terminate());
    client.on("error", () => upstream.terminate());
  }

  get latest(): ProxyConnection {
    const c = this.connections.at(-1);
    if (c === undefined) throw new Error("No connection through the proxy yet");
    return c;
  }

  /** Sends a frame to the client as if the simulator had sent it (not recorded in fromServer). */
  injectToClient(text: string): void {
    this.latest.client.send(text);
  }

  /** Sends a frame to the simulator on the client's session (not recorded in fromClient). */
  sendUpstream(text: string): void {
    this.latest.upstream.send(text);
  }

  async close(): Promise<void> {
    for (const c of this.connections) {
      c.client.terminate();
      c.upstream.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Polls `condition` until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
