/**
 * `kis-agent console [--port 8787] [--host 127.0.0.1]`: the web console (runs, approvals, prompt
 * versions, trades, live indicators, /healthz, /metrics). Prints the URL with its token, as Jupyter
 * does, and serves until SIGINT/SIGTERM.
 */
import { loadSelectedAccounts } from "../core/accounts.js";
import { AppError } from "../core/errors.js";
import { startConsole } from "../console/start-console.js";
import type { Command } from "./index.js";
import { parseCommandArgs } from "./output.js";

const USAGE = `usage: kis-agent console [--port N] [--host ADDRESS]

Serves the web console on 127.0.0.1:8787 (CONSOLE_PORT, --port; --host to bind elsewhere — the
token then crosses the network in clear: put TLS in front). Every page and API call needs the token
(CONSOLE_TOKEN, or one generated now and printed with the URL). /healthz and /metrics need none.
With ACCOUNTS_FILE the console shows every account (or those of the global --account): the overview
lists them, and ?account=ID selects one for the pages, the API and /metrics.`;

export const command: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      port: { type: "string" },
      host: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535))
      throw new AppError("DATA_INVALID", `--port: expected a port number, received '${values.port}'`);
    const { base: config, accounts } = loadSelectedAccounts(process.env);
    const handle = await startConsole({
      config,
      accounts,
      ...(values.host ? { host: values.host } : {}),
      ...(port !== undefined ? { port } : {}),
    });
    // A generated token is printed (there is no other way to learn it); a configured one stays unprinted.
    console.log(`kis-agent console (${config.kisEnv}) at ${handle.url}/?token=${config.console.token ? "<CONSOLE_TOKEN>" : handle.token}`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    await handle.close();
    return 0;
  },
};
