// Worker threads do not inherit tsx's loader: register it here, then load the TypeScript worker.
// A worker that cannot start says why and ends, rather than leaving the writer waiting.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
try {
  await import("./tick-writer-worker.ts");
} catch (err) {
  parentPort?.postMessage({ kind: "failed", error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
