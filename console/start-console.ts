/**
 * Opens the console over a configuration: the ledger, the prompt versions, a runtime opened on
 * first need, and the server with its token; closing closes them all. `kis-agent console` and the
 * tests start it the same way.
 */
import type { FastifyInstance } from "fastify";
import { systemClock } from "../core/clock.js";
import type { AppConfig } from "../core/config.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { queuePrefix } from "../jobs/queues.js";
import { createVersionedPromptStore } from "../prompts/prompt-versions.js";
import { createRuntime, type Runtime } from "../runtime/create-runtime.js";
import { openLedger } from "../runtime/paths.js";
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
  config: AppConfig;
  host?: string;
  port?: number;
  /** the queue prefix in Redis; default the mode's */
  prefix?: string;
  openRuntime?: () => Promise<Runtime>;
}

export async function startConsole(options: StartConsoleOptions): Promise<ConsoleHandle> {
  const { config } = options;
  const ledger = openLedger(config);
  const prompts = createVersionedPromptStore({ repo: createPromptVersionsRepo(ledger.db), clock: systemClock, dataDir: config.dataDir });
  prompts.active(); // version 1 exists from the first use on
  const runtime = lazyRuntime(options.openRuntime ?? (() => createRuntime({ config })));
  const ctx: ConsoleContext = {
    config,
    db: ledger.db,
    repos: ledger.repos,
    prompts,
    runtime: runtime.get,
    prefix: options.prefix ?? queuePrefix(config.kisEnv),
  };
  const token = config.console.token ?? generateToken();
  const a = config.alerts;
  const app = await buildConsoleServer(ctx, {
    token,
    secrets: [
      token,
      config.credentials.appKey,
      config.credentials.appSecret,
      config.llm.apiKey,
      config.mcpToken,
      a.webhookUrl,
      a.slackWebhookUrl,
      a.smtpUrl,
    ],
  });
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
      await runtime.close();
      ledger.close();
    },
  };
}
