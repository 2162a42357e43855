/** `kis-agent <command>`: a table of commands, each in its own module, loaded on demand. */
import { errorMessage, isAppError } from "../core/errors.js";

export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  sim: async () => (await import("./sim.js")).command,
  run: async () => (await import("./run.js")).command,
  runs: async () => (await import("./runs.js")).command,
  trades: async () => (await import("./trades.js")).command,
  halt: async () => (await import("./halt.js")).halt,
  resume: async () => (await import("./halt.js")).resume,
  watch: async () => (await import("./watch.js")).command,
  ticks: async () => (await import("./ticks.js")).command,
  start: async () => (await import("./start.js")).command,
  status: async () => (await import("./status.js")).command,
  prompts: async () => (await import("./prompts.js")).command,
};

function usage(): string {
  return ["usage: kis-agent <command> [options]", "", "commands:", ...Object.keys(COMMANDS).map((c) => `  ${c}`), "", "Run `kis-agent <command> --help` for a command's options."].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`kis-agent: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return (await load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`kis-agent: ${isAppError(err) ? `${err.code}: ` : ""}${errorMessage(err)}`);
    process.exitCode = 1;
  },
);
