/**
 * Structured JSON-lines logger. Secrets never reach a log line: keys that name a secret are
 * replaced, and every registered secret value is masked wherever it appears in a string.
 */

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

const SECRET_KEY =
  /^(appkey|appsecret|app_?key|app_?secret|secretkey|authorization|access_?token|token|approval_?key|api_?key|password|key|iv)$/i;
const secretValues = new Set<string>();

/** Registers a value (app secret, token…) that must be masked wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secretValues.add(value);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const secret of secretValues) if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
    return out;
  }
  if (value instanceof Error) return { name: value.name, message: redact(value.message), code: (value as { code?: unknown }).code };
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[REDACTED]" : redact(v, depth + 1);
  return out;
}

export type LogSink = (line: string) => void;

export function createLogger(
  level: LogLevel = "info",
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
  bindings: Record<string, unknown> = {},
  now: () => number = Date.now,
): Logger {
  const write = (lvl: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < RANK[level]) return;
    const record = { level: lvl, time: new Date(now()).toISOString(), msg: redact(msg), ...(redact({ ...bindings, ...fields }) as object) };
    sink(JSON.stringify(record));
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (b) => createLogger(level, sink, { ...bindings, ...b }, now),
  };
}

export const silentLogger: Logger = createLogger("silent");
