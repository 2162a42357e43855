/**
 * What every console route reads from: the ledger (database, repositories, prompt versions), the
 * configuration, and a runtime (KIS client, checkpointer) opened on first need and kept until the
 * server closes — the same composition root the CLI uses, so answering a run goes through the
 * same code as `kis-agent runs approve`.
 */
import type { AppConfig } from "../core/config.js";
import type { Db } from "../db/database.js";
import type { VersionedPromptStore } from "../prompts/prompt-versions.js";
import type { Runtime } from "../runtime/create-runtime.js";
import type { Repos } from "../runtime/repos.js";

export interface ConsoleContext {
  config: AppConfig;
  db: Db;
  repos: Repos;
  prompts: VersionedPromptStore;
  runtime(): Promise<Runtime>;
  /** the queue prefix in Redis the `start` process uses (health report, heartbeats, queues) */
  prefix: string;
}

/** One runtime for the server's life, opened by the first caller; close() closes it if opened. */
export function lazyRuntime(open: () => Promise<Runtime>): { get(): Promise<Runtime>; close(): Promise<void> } {
  let opened: Promise<Runtime> | undefined;
  return {
    get: () =>
      (opened ??= open().catch((err: unknown) => {
        opened = undefined; // a broker that was down may answer next time
        throw err;
      })),
    async close() {
      const rt = await opened?.catch(() => undefined);
      await rt?.close();
    },
  };
}
