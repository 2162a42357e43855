/**
 * A child-process WebSocket server for bench:ws-ingest: completes the handshake with `ws`, then
 * writes pre-framed unmasked text frames straight to the socket as fast as it drains.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";

/** Runs in the child (plain JS, `node -e`): argv[1] = file with one frame per line. */
const CHILD = `
const fs = require("node:fs");
const { WebSocketServer } = require("ws");
const frames = fs.readFileSync(process.argv[1], "latin1").split("\\n").filter(Boolean);
const parts = frames.map((f) => {
  const body = Buffer.from(f, "latin1");
  const head = body.length < 126 ? Buffer.from([0x81, body.length]) : Buffer.from([0x81, 126, body.length >> 8, body.length & 255]);
  return Buffer.concat([head, body]);
});
const block = Buffer.concat(parts);
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("listening", () => process.stdout.write(wss.address().port + "\\n"));
wss.on("connection", (ws) => {
  const socket = ws._socket;
  let open = true;
  socket.on("close", () => { open = false; });
  socket.on("error", () => { open = false; });
  const pump = () => { while (open && socket.write(block)) {} if (open) socket.once("drain", pump); };
  pump();
});
`;

export interface FloodServer {
  url: string;
  framesPerBlock: number;
  stop(): Promise<void>;
}

export async function startFloodServer(frames: string[], file: string): Promise<FloodServer> {
  writeFileSync(file, frames.join("\n"), "latin1");
  const child: ChildProcess = spawn(process.execPath, ["-e", CHILD, file], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout ?? child, "data")) as [Buffer];
  const port = Number(String(chunk).trim());
  return {
    url: `ws://127.0.0.1:${port}`,
    framesPerBlock: frames.length,
    stop: async () => {
      child.kill();
      await once(child, "exit");
    },
  };
}
