/**
 * Opens the console over a configuration: the ledger, the prompt versions, a runtime opened on
 * first need, and the server with its token; closing closes them all. `kis-agent console` and the
 * tests start it the same way.
 */
import type { FastifyInstance } from "fastify";
import { systemClock } from "../core/clock.js";
import type { AppConfig } from "../core/config.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { accountPrefix } from "../jobs/queues.js";
import { createVersionedPromptStore } from "../prompts/prompt-versions.js";
import { createRuntime, type Runtime } from "../runtime/create-runtime.js";
import { openLedger, promptSeed } from "../runtime/paths.js";
import { generateToken } from "./auth.js";
import { lazyRuntime, type ConsoleContext } from "./context.js";
import { buildConsoleServer } from "./server.js";

export interface ConsoleHandle {
  app: FastifyInstance;
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface StartConsoleOptions {
  /** the process's configuration: its console token and port, and its one account without ACCOUNTS_FILE */
  config: AppConfig;
  /** the accounts of ACCOUNTS_FILE (core/accounts.ts), each its own ledger; default [config] */
  accounts?: AppConfig[];
  host?: string;
  port?: number;
  /** the queue prefix in Redis; default the mode's (an account's id follows it) */
  prefix?: string;
  /** the runtime of an account, opened on first need; default createRuntime */
  openRuntime?: (config: AppConfig) => Promise<Runtime>;
}

/** One account's ledger, prompt versions and lazily opened runtime. */
function openAccount(config: AppConfig, options: StartConsoleOptions) {
  const ledger = openLedger(config);
  const prompts = createVersionedPromptStore({
    repo: createPromptVersionsRepo(ledger.db),
    clock: systemClock,
    dataDir: config.dataDir,
    ...promptSeed(config),
  });
  prompts.active(); // version 1 exists from the first use on
  const open = options.openRuntime ?? ((c: AppConfig) => createRuntime({ config: c }));
  const runtime = lazyRuntime(() => open(config));
  const ctx: ConsoleContext = {
    config,
    db: ledger.db,
    repos: ledger.repos,
    prompts,
    runtime: runtime.get,
    prefix: accountPrefix(config, options.prefix),
  };
  return {
    ctx,
    async close() {
      await runtime.close();
      ledger.close();
    },
  };
}

export async function startConsole(options: StartConsoleOptions): Promise<ConsoleHandle> {
  const { config } = options;
  const accounts = (options.accounts ?? [config]).map((c) => openAccount(c, options));
  const token = config.console.token ?? generateToken();
  const a = config.alerts;
  const app = await buildConsoleServer(
    accounts.map((x) => x.ctx),
    {
      token,
      secrets: [
        token,
        ...accounts.flatMap((x) => [x.ctx.config.credentials.appKey, x.ctx.config.credentials.appSecret]),
        config.llm.apiKey,
        config.mcpToken,
        a.webhookUrl,
        a.slackWebhookUrl,
        a.smtpUrl,
      ],
    },
  );
  const host = options.host ?? "127.0.0.1";
  await app.listen({ host, port: options.port ?? config.console.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    app,
    token,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    async close() {
      await app.close();
      for (const x of accounts) await x.close();
    },
  };
}
