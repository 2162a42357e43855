/**
 * `bin/kis-agent.js` as a child process, for tests of several processes: its output collected,
 * its JSON log lines searchable, its exit awaited. `killAll` ends whatever a test left running.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** a JSON log line with this `msg` (and containing `extra`) was written */
  logged(msg: string, extra?: string): boolean;
  /** the exit code (null after a signal) */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** `env` goes over this process's environment, or replaces it with `inherit` false. */
export function spawnCli(args: string[], env: Record<string, string | undefined>, inherit = true): CliProcess {
  const child = spawn(process.execPath, ["bin/kis-agent.js", ...args], {
    env: inherit ? { ...process.env, ...env } : env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => (running.delete(child), resolve(code))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logged: (msg, extra = "") => err.split("\n").some((l) => l.includes(`"msg":"${msg}"`) && l.includes(extra)),
    exited,
  };
}

export function killAll(): void {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  running.clear();
}

/** A one-shot command run to its end: its exit code and everything it printed. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  inherit = true,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawnCli(args, env, inherit);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}
