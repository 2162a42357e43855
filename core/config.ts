/**
 * Process configuration: the environment, parsed once with zod. The only module that reads
 * process.env. All problems are reported together; real-money mode needs explicit switches.
 */
import { z } from "zod";
import { AppError } from "./errors.js";

export type KisEnv = "sim" | "paper" | "real";

const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), schema.optional());

const Env = z.object({
  KIS_ENV: z.enum(["sim", "paper", "real"]).default("sim"),
  KIS_APP_KEY: z.string().min(1).optional(),
  KIS_APP_SECRET: z.string().min(1).optional(),
  KIS_ACCOUNT_NO: z
    .string()
    .regex(/^\d{8}-?\d{2}$/, "expected 8 digits, an optional dash and the 2-digit product code, e.g. 12345678-01")
    .optional(),
  KIS_HTS_ID: z.string().min(1).optional(),
  KIS_LIVE_TRADING: z.enum(["enabled", "disabled"]).default("disabled"),
  KIS_REST_URL: z.url().optional(),
  KIS_WS_URL: z.url().optional(),
  KIS_RATE_LIMIT: optionalNumber(z.number().positive()),
  KIS_SIM_URL: z.url().optional(),
  KIS_SIM_SEED: optionalNumber(z.number().int()),
  KIS_SIM_SPEED: optionalNumber(z.number().positive()),
  KIS_SIM_START: z.iso.datetime({ offset: true }).optional(),
  KIS_SIM_RATE_LIMIT: optionalNumber(z.number().min(0)),
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "expected postgres://user:password@host:5432/database")
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "expected a lower-case PostgreSQL schema name such as public or acct_1")
    .default("public"),
  WATCHLIST: z
    .string()
    .regex(/^[0-9A-Z]{6}(,[0-9A-Z]{6})*$/, "expected comma-separated 6-character KRX codes, e.g. 005930,000660")
    .optional(),
  RISK_LIMITS_FILE: z.string().min(1).optional(),
  APPROVAL_MODE: z.enum(["always", "threshold"]).optional(),
  APPROVAL_NOTIONAL_KRW: optionalNumber(z.number().int().positive()),
  APPROVAL_NEW_PROMPT_DAYS: optionalNumber(z.number().int().min(0)),
  APPROVAL_TTL_SECONDS: optionalNumber(z.number().int().positive()),
  PROMPT_ACTIVATION: z.enum(["auto", "approval"]).optional(),
  PROMPT_EVAL_GATE: z.enum(["on", "off"]).optional(),
  PROMPT_EVAL_TOLERANCE_PCT: optionalNumber(z.number().min(0)),
  PROMPT_EVAL_DAYS: optionalNumber(z.number().int().min(1).max(60)),
  PROMPT_EVAL_SEEDS: optionalNumber(z.number().int().min(1).max(20)),
  ORDER_WINDOW_MINUTES: optionalNumber(z.number().positive()),
  LLM_PROVIDER: z.enum(["openai", "google", "openai-compatible", "offline"]).optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: optionalNumber(z.number().int().positive()),
  LLM_MAX_RETRIES: optionalNumber(z.number().int().min(0).max(5)),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  GOOGLE_API_KEY: z.string().min(1).optional(),
  GOOGLE_BASE_URL: z.url().optional(),
  INVESTIGATION_MAX_ROUNDS: optionalNumber(z.number().int().min(0).max(10)),
  INVESTIGATION_MAX_TOOL_CALLS: optionalNumber(z.number().int().min(0).max(50)),
  INVESTIGATION_MAX_INPUT_TOKENS: optionalNumber(z.number().int().positive()),
  INVESTIGATION_TIMEOUT_MS: optionalNumber(z.number().int().positive()),
  INVESTIGATION_ON_BUDGET: z.enum(["decide", "no-trade"]).optional(),
  MCP_TOKEN: z.string().min(16, "use at least 16 characters, e.g. `openssl rand -hex 32`").optional(),
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  ALERT_EMAIL_TO: z.string().min(1).optional(),
  ALERT_EMAIL_FROM: z.string().min(1).optional(),
  CONSOLE_URL: z.url({ protocol: /^https?$/ }).optional(),
  CONSOLE_TOKEN: z.string().min(16, "use at least 16 characters, e.g. `openssl rand -hex 32`").optional(),
  CONSOLE_PORT: optionalNumber(z.number().int().min(1).max(65_535)),
  HEALTH_API_ERROR_RATE: optionalNumber(z.number().gt(0).max(1)),
  HEALTH_API_WINDOW_MINUTES: optionalNumber(z.number().positive()),
  LEASE_TTL_SECONDS: optionalNumber(z.number().positive()),
  LEASE_WAIT_SECONDS: optionalNumber(z.number().min(0)),
  ACCOUNTS_FILE: z.string().min(1).optional(),
});

export interface KisCredentials {
  appKey: string;
  appSecret: string;
  /** CANO: first 8 digits */
  accountNo: string;
  /** ACNT_PRDT_CD: last 2 digits */
  productCode: string;
  htsId: string;
}

export interface SimSettings {
  /** An external simulator to use instead of starting one in-process. */
  url?: string;
  seed: number;
  speed: number;
  /** ISO time with offset; absent → the next KRX session when started outside hours. */
  start?: string;
  /** REST requests per second per app key; 0 = off. */
  rateLimitPerSec: number;
}

/** Where alerts go besides the database; each channel is on when its variables are set. */
export interface AlertSettings {
  /** POSTed one JSON document per alert */
  webhookUrl?: string;
  /** a Slack incoming webhook (its path is the secret) */
  slackWebhookUrl?: string;
  /** smtp(s)://user:pass@host:port; needs emailTo */
  smtpUrl?: string;
  emailTo: string[];
  emailFrom: string;
  /** base URL of the web console, for links in alerts */
  consoleUrl?: string;
}

/** One run per account across processes (runtime/account-lease.ts). */
export interface LeaseSettings {
  /** a holder that stops renewing (crashed) loses the lease this long after its last renewal */
  ttlMs: number;
  /** how long a second run waits for the account before failing with ACCOUNT_BUSY */
  waitMs: number;
}

export interface HealthSettings {
  /** KIS API error rate over the window above which trading halts */
  apiErrorRate: number;
  apiWindowMs: number;
}

export type LlmProvider = "openai" | "google" | "openai-compatible" | "offline";

export interface LlmSettings {
  provider: LlmProvider;
  model: string;
  apiKey?: string;
  baseUrl?: string;
  timeoutMs: number;
  maxRetries: number;
}

/**
 * The bounded tool loop before a decision (trading) or an analysis (reflection): it ends when the
 * model stops calling tools or any of these is spent; `onBudget` says what a cut run does next.
 */
export interface InvestigationSettings {
  /** model calls in the loop; 0 turns the investigation off */
  maxRounds: number;
  maxToolCalls: number;
  /** input tokens over the loop's model calls */
  maxInputTokens: number;
  /** wall-clock time of the whole loop */
  timeoutMs: number;
  /** "decide": plan with the evidence gathered so far; "no-trade": no trade and an alert */
  onBudget: "decide" | "no-trade";
}

export interface ApprovalSettings {
  /** "always": every order waits for a person (the default in real mode); "threshold": only large ones */
  mode: "always" | "threshold";
  notionalThresholdKrw: number;
  newPromptDays: number;
  /** an answer counts only this long after the run started (market time) and within its KRX session */
  ttlSeconds: number;
}

/** Liquid KOSPI/KOSDAQ names the analyze node watches when WATCHLIST is not set. */
export const DEFAULT_WATCHLIST = [
  "005930",
  "000660",
  "373220",
  "207940",
  "005380",
  "000270",
  "068270",
  "035420",
  "035720",
  "005490",
  "051910",
  "006400",
  "105560",
  "055550",
  "012330",
  "028260",
  "066570",
  "003550",
  "247540",
  "086520",
] as const;

export interface AppConfig {
  kisEnv: KisEnv;
  credentials: KisCredentials;
  /** Explicit overrides of the environment's hosts. */
  restUrl?: string;
  wsUrl?: string;
  /** Overrides the environment's REST rate limit (requests per second). */
  rateLimitPerSec?: number;
  liveTradingEnabled: boolean;
  sim: SimSettings;
  dataDir: string;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  redisUrl: string;
  /** the ledger and checkpoints in PostgreSQL when `url` is set (schema `schema`), else SQLite under dataDir */
  database: { url?: string; schema: string };
  llm: LlmSettings;
  investigation: InvestigationSettings;
  watchlist: string[];
  /** JSON file of risk limits (strict schema); absent → documented defaults */
  riskLimitsFile?: string;
  approval: ApprovalSettings;
  /** how a reflection's new prompt version goes live: "auto" (sim, paper) or "approval" by a person (real) */
  promptActivation: "auto" | "approval";
  /**
   * the activation gate: a reflection's new version is backtested against the active one over the
   * last `days` trading days on `seeds` generated markets, and stays inactive when its total return
   * is lower by more than `tolerancePct` percentage points
   */
  promptEval: { gate: boolean; tolerancePct: number; days: number; seeds: number };
  /** an order still unfilled this long after its acknowledgement is cancelled by the next run */
  orderWindowMs: number;
  /** bearer token of `kis-agent mcp --http`; absent → one is generated per start */
  mcpToken?: string;
  alerts: AlertSettings;
  health: HealthSettings;
  /** `kis-agent console`: its token (absent → one is generated per start) and port */
  console: { token?: string; port: number };
  lease: LeaseSettings;
  /** the account of an ACCOUNTS_FILE (core/accounts.ts); null for the one account of the environment */
  accountId: string | null;
  /** ACCOUNTS_FILE: several accounts in one deployment; the KIS_* keys then come from it */
  accountsFile?: string;
  /** the seed text (version 1) of the decision prompt's line; absent → prompts/core-decision.md */
  promptFile?: string;
}

/** In sim mode any key works: the simulator opens an account for whatever it is given. */
const SIM_DEFAULTS = { appKey: "sim-app-key", appSecret: "sim-app-secret", account: "50000000-01", htsId: "simuser" };

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // An empty value means "not set" (a copied .env.example leaves most of them empty).
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new AppError("CONFIG_INVALID", `Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  // With ACCOUNTS_FILE the keys are each account's (core/accounts.ts checks them there).
  if (e.KIS_ENV !== "sim" && !e.ACCOUNTS_FILE) {
    for (const key of ["KIS_APP_KEY", "KIS_APP_SECRET", "KIS_ACCOUNT_NO"] as const) {
      if (!e[key]) problems.push(`${key} is required when KIS_ENV=${e.KIS_ENV}`);
    }
  }
  // Execution notices are registered under the HTS id: without it fills go unseen.
  if (e.KIS_ENV === "real" && !e.KIS_HTS_ID && !e.ACCOUNTS_FILE)
    problems.push("KIS_HTS_ID is required when KIS_ENV=real (execution notices need it)");
  if (e.KIS_ENV === "real" && e.KIS_LIVE_TRADING !== "enabled") {
    problems.push("KIS_ENV=real trades real money and also needs KIS_LIVE_TRADING=enabled");
  }
  if (e.LLM_PROVIDER === "openai-compatible" && !e.LLM_BASE_URL) problems.push("LLM_PROVIDER=openai-compatible needs LLM_BASE_URL");
  if (e.LLM_PROVIDER === "openai" && !e.OPENAI_API_KEY && !e.LLM_API_KEY) problems.push("LLM_PROVIDER=openai needs OPENAI_API_KEY");
  if (e.LLM_PROVIDER === "google" && !e.GOOGLE_API_KEY && !e.LLM_API_KEY) problems.push("LLM_PROVIDER=google needs GOOGLE_API_KEY");
  if (e.SMTP_URL && !e.ALERT_EMAIL_TO) problems.push("SMTP_URL needs ALERT_EMAIL_TO (comma-separated addresses)");
  if (e.ALERT_EMAIL_TO && !e.SMTP_URL) problems.push("ALERT_EMAIL_TO needs SMTP_URL");
  if (problems.length > 0) throw new AppError("CONFIG_INVALID", `Invalid configuration: ${problems.join("; ")}`);

  const account = (e.KIS_ACCOUNT_NO ?? SIM_DEFAULTS.account).replace("-", "");
  return {
    kisEnv: e.KIS_ENV,
    credentials: {
      appKey: e.KIS_APP_KEY ?? SIM_DEFAULTS.appKey,
      appSecret: e.KIS_APP_SECRET ?? SIM_DEFAULTS.appSecret,
      accountNo: account.slice(0, 8),
      productCode: account.slice(8, 10),
      htsId: e.KIS_HTS_ID ?? SIM_DEFAULTS.htsId,
    },
    ...(e.KIS_REST_URL ? { restUrl: e.KIS_REST_URL } : {}),
    ...(e.KIS_WS_URL ? { wsUrl: e.KIS_WS_URL } : {}),
    ...(e.KIS_RATE_LIMIT !== undefined ? { rateLimitPerSec: e.KIS_RATE_LIMIT } : {}),
    liveTradingEnabled: e.KIS_ENV === "real" && e.KIS_LIVE_TRADING === "enabled",
    sim: {
      ...(e.KIS_SIM_URL ? { url: e.KIS_SIM_URL } : {}),
      seed: e.KIS_SIM_SEED ?? 42,
      speed: e.KIS_SIM_SPEED ?? 1,
      ...(e.KIS_SIM_START ? { start: e.KIS_SIM_START } : {}),
      rateLimitPerSec: e.KIS_SIM_RATE_LIMIT ?? 0,
    },
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    database: { ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}), schema: e.DATABASE_SCHEMA },
    llm: resolveLlm(e),
    investigation: {
      maxRounds: e.INVESTIGATION_MAX_ROUNDS ?? 4,
      maxToolCalls: e.INVESTIGATION_MAX_TOOL_CALLS ?? 12,
      maxInputTokens: e.INVESTIGATION_MAX_INPUT_TOKENS ?? 9_000,
      timeoutMs: e.INVESTIGATION_TIMEOUT_MS ?? 90_000,
      onBudget: e.INVESTIGATION_ON_BUDGET ?? "decide",
    },
    watchlist: e.WATCHLIST ? e.WATCHLIST.split(",") : [...DEFAULT_WATCHLIST],
    ...(e.RISK_LIMITS_FILE ? { riskLimitsFile: e.RISK_LIMITS_FILE } : {}),
    approval: {
      mode: e.APPROVAL_MODE ?? (e.KIS_ENV === "real" ? "always" : "threshold"),
      notionalThresholdKrw: e.APPROVAL_NOTIONAL_KRW ?? 10_000_000,
      newPromptDays: e.APPROVAL_NEW_PROMPT_DAYS ?? 0,
      ttlSeconds: e.APPROVAL_TTL_SECONDS ?? 600,
    },
    promptActivation: e.PROMPT_ACTIVATION ?? (e.KIS_ENV === "real" ? "approval" : "auto"),
    promptEval: {
      gate: e.PROMPT_EVAL_GATE !== "off",
      tolerancePct: e.PROMPT_EVAL_TOLERANCE_PCT ?? 0.5,
      days: e.PROMPT_EVAL_DAYS ?? 1,
      seeds: e.PROMPT_EVAL_SEEDS ?? 1,
    },
    orderWindowMs: (e.ORDER_WINDOW_MINUTES ?? 30) * 60_000,
    ...(e.MCP_TOKEN ? { mcpToken: e.MCP_TOKEN } : {}),
    alerts: {
      ...(e.ALERT_WEBHOOK_URL ? { webhookUrl: e.ALERT_WEBHOOK_URL } : {}),
      ...(e.SLACK_WEBHOOK_URL ? { slackWebhookUrl: e.SLACK_WEBHOOK_URL } : {}),
      ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
      emailTo: e.ALERT_EMAIL_TO
        ? e.ALERT_EMAIL_TO.split(",")
            .map((a) => a.trim())
            .filter((a) => a !== "")
        : [],
      emailFrom: e.ALERT_EMAIL_FROM ?? "kis-agent <kis-agent@localhost>",
      ...(e.CONSOLE_URL ? { consoleUrl: e.CONSOLE_URL } : {}),
    },
    health: { apiErrorRate: e.HEALTH_API_ERROR_RATE ?? 0.1, apiWindowMs: (e.HEALTH_API_WINDOW_MINUTES ?? 5) * 60_000 },
    console: { ...(e.CONSOLE_TOKEN ? { token: e.CONSOLE_TOKEN } : {}), port: e.CONSOLE_PORT ?? 8787 },
    lease: { ttlMs: (e.LEASE_TTL_SECONDS ?? 30) * 1_000, waitMs: (e.LEASE_WAIT_SECONDS ?? 10) * 1_000 },
    accountId: null,
    ...(e.ACCOUNTS_FILE ? { accountsFile: e.ACCOUNTS_FILE } : {}),
  };
}

/**
 * The configuration of commands that only touch a mode's database (halt): DATA_DIR, Redis, alerts
 * and logging, for `kisEnv` — never the KIS keys, so a halt of real money needs none of them.
 */
export function loadLedgerConfig(kisEnv: KisEnv, env: Record<string, string | undefined> = process.env): AppConfig {
  return { ...loadConfig({ ...env, KIS_ENV: "sim", KIS_LIVE_TRADING: undefined }), kisEnv };
}

const DEFAULT_MODELS: Record<LlmProvider, string> = {
  openai: "gpt-4o-mini",
  google: "gemini-2.5-flash",
  "openai-compatible": "gpt-4o-mini",
  offline: "offline-rules-v1",
};

/** Explicit LLM_PROVIDER wins; otherwise an OpenAI key → openai, a Google key → google, else offline. */
function resolveLlm(e: z.infer<typeof Env>): LlmSettings {
  const provider: LlmProvider = e.LLM_PROVIDER ?? (e.OPENAI_API_KEY ? "openai" : e.GOOGLE_API_KEY ? "google" : "offline");
  const apiKey =
    provider === "openai"
      ? (e.OPENAI_API_KEY ?? e.LLM_API_KEY)
      : provider === "google"
        ? (e.GOOGLE_API_KEY ?? e.LLM_API_KEY)
        : e.LLM_API_KEY;
  const baseUrl = provider === "openai" ? e.OPENAI_BASE_URL : provider === "google" ? e.GOOGLE_BASE_URL : e.LLM_BASE_URL;
  return {
    provider,
    model: e.LLM_MODEL ?? DEFAULT_MODELS[provider],
    ...(apiKey ? { apiKey } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    timeoutMs: e.LLM_TIMEOUT_MS ?? 30_000,
    maxRetries: e.LLM_MAX_RETRIES ?? 1,
  };
}
