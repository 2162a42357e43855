/**
 * The simulator's state file on disk: read on start, written atomically (temp file + rename)
 * after every batch of order and fill changes and on close, so a restarted simulator continues
 * the same accounts.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { AppError, errorMessage } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type { SimCore } from "../market/create-exchange.js";
import { parseSimState, type SimState, toSimState } from "./sim-state.js";

/** The state stored at `path`, or undefined when there is no file yet. */
export function readSimState(path: string): SimState | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new AppError("DATA_INVALID", `Cannot read the simulator state file ${path}: ${errorMessage(err)}`, { cause: err });
  }
  return parseSimState(text, path);
}

/** Replaces the file in one rename, so a reader (or a crash) never sees half a file; owner-only, as it holds an account. */
export function writeSimState(path: string, state: SimState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, path);
}

export interface StateKeeper {
  /** writes the state now */
  save(): void;
  /** stops listening and writes the final state */
  close(): void;
}

/**
 * Saves the accounts once per batch: the first order or fill change schedules one write for the
 * end of the current turn of the event loop, so a burst of fills costs one write.
 */
export function keepSimState(core: SimCore, path: string, seed: number, log: Logger): StateKeeper {
  let pending: NodeJS.Immediate | undefined;
  const save = (): void => {
    if (pending) clearImmediate(pending);
    pending = undefined;
    try {
      writeSimState(path, toSimState(seed, core.snapshotAccounts()));
    } catch (err) {
      // The accounts stay in memory; the next batch or the close tries again.
      log.error("simulator state not saved", { path, error: errorMessage(err) });
    }
  };
  const stop = core.on((event) => {
    const changes = event.kind === "fill" || (event.kind === "order" && event.action !== "rejected");
    if (changes && !pending) pending = setImmediate(save);
  });
  return {
    save,
    close() {
      stop();
      save();
    },
  };
}
