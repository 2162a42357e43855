/**
 * Several accounts in one deployment: ACCOUNTS_FILE (JSON) lists them, each with its keys (as
 * `${VAR}` references to the environment, never the secrets themselves), account number, watchlist,
 * limits and decision-prompt line. Every account becomes a full AppConfig with its own data
 * directory (ledger, checkpoints, ticks), queue prefix and database schema; what an account leaves
 * out comes from the environment. Without ACCOUNTS_FILE the environment's one account is the only one.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { loadConfig, type AppConfig } from "./config.js";
import { AppError, errorMessage } from "./errors.js";

export type AccountConfig = AppConfig;

const ACCOUNT_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

const Account = z.strictObject({
  id: z.string().regex(ACCOUNT_ID, "expected 1-32 lowercase letters, digits or dashes, starting with a letter or digit"),
  appKey: z.string().min(1).optional(),
  appSecret: z.string().min(1).optional(),
  accountNo: z.string().regex(/^\d{8}-?\d{2}$/, "expected 8 digits, an optional dash and the 2-digit product code, e.g. 12345678-01"),
  htsId: z.string().min(1).optional(),
  watchlist: z
    .array(z.string().regex(/^[0-9A-Z]{6}$/, "expected a 6-character KRX code, e.g. 005930"))
    .min(1)
    .optional(),
  riskLimitsFile: z.string().min(1).optional(),
  prompt: z.string().min(1).optional(),
  approval: z
    .strictObject({
      mode: z.enum(["always", "threshold"]),
      notionalThresholdKrw: z.number().int().positive(),
      newPromptDays: z.number().int().min(0),
      ttlSeconds: z.number().int().positive(),
    })
    .partial()
    .optional(),
});
type Account = z.infer<typeof Account>;

const AccountsFile = z.strictObject({ accounts: z.array(z.unknown()).min(1, "list at least one account") });

/** Where an account's files live: its own ledger, checkpoints and ticks under DATA_DIR. */
export const accountDataDir = (dataDir: string, id: string) => join(dataDir, "accounts", id);

/**
 * The PostgreSQL schema of an account's ledger and checkpoints (`acct_<id>`, dashes as underscores:
 * ids have no underscores, so two ids never meet). It replaces DATABASE_SCHEMA for the account.
 */
export const accountSchema = (id: string) => `acct_${id.replaceAll("-", "_")}`;

/** The account number as people see it, without the middle digits: 5000****-01. */
export function maskedAccountNo(config: AppConfig): string {
  const { accountNo, productCode } = config.credentials;
  return `${accountNo.slice(0, 4)}****-${productCode}`;
}

function readFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new AppError("CONFIG_INVALID", `Cannot read ACCOUNTS_FILE ${path}: ${errorMessage(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError("CONFIG_INVALID", `ACCOUNTS_FILE ${path} is not JSON: ${errorMessage(err)}`);
  }
}

/** Each entry on its own, so that every account's problems are reported together, with its id. */
function parseEntries(raw: unknown, problems: string[]): Account[] {
  const file = AccountsFile.safeParse(raw);
  if (!file.success) {
    problems.push(...file.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`));
    return [];
  }
  const accounts: Account[] = [];
  file.data.accounts.forEach((entry, n) => {
    const parsed = Account.safeParse(entry);
    const name = (entry as { id?: unknown } | null)?.id;
    const label = typeof name === "string" ? `account ${name}` : `accounts[${n}]`;
    if (parsed.success) accounts.push(parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `${label}: ${i.path.join(".") || "(entry)"}: ${i.message}`));
  });
  return accounts;
}

function checkUnique(accounts: Account[], problems: string[]): void {
  const seen = (key: (a: Account) => string | undefined, what: string, why: string) => {
    const first = new Map<string, string>();
    for (const a of accounts) {
      const value = key(a);
      if (value === undefined) continue;
      const other = first.get(value);
      if (other !== undefined) problems.push(`accounts ${other} and ${a.id} have the same ${what}${why}`);
      else first.set(value, a.id);
    }
  };
  seen((a) => a.id, "id", "");
  seen((a) => a.accountNo.replace("-", ""), "accountNo", "");
  // One feed and one token per app key, and KIS issues a key per account: a shared key is a mistake.
  seen((a) => a.appKey, "appKey", " (KIS issues one app key per account, and one live feed serves one key: give each account its own)");
}

/** The value of a `${VAR}` secret reference; a literal secret or a missing variable is a problem. */
function secret(account: Account, field: "appKey" | "appSecret", env: Record<string, string | undefined>, problems: string[]) {
  const reference = account[field];
  if (reference === undefined) return undefined;
  const name = REFERENCE.exec(reference)?.[1];
  if (name === undefined) {
    problems.push(
      `account ${account.id}: ${field} must name an environment variable, not hold the secret — set it in the environment ` +
        `(e.g. ${account.id.toUpperCase().replaceAll("-", "_")}_${field === "appKey" ? "APP_KEY" : "APP_SECRET"}=...) and write "${field}": "\${THAT_NAME}"`,
    );
    return undefined;
  }
  const value = env[name];
  if (!value) problems.push(`account ${account.id}: ${field} refers to \${${name}}, which is not set in the environment`);
  return value || undefined;
}

export interface AccountsOptions {
  /** just these ids (the others' variables need not be set); all when absent or empty */
  only?: readonly string[];
  /** the ledger alone (`halt`): no key is read, the credentials are placeholders as in loadLedgerConfig */
  withoutKeys?: boolean;
}

function toConfig(
  base: AppConfig,
  account: Account,
  dir: string,
  env: Record<string, string | undefined>,
  problems: string[],
  withoutKeys: boolean,
): AccountConfig {
  const appKey = withoutKeys ? undefined : secret(account, "appKey", env, problems);
  const appSecret = withoutKeys ? undefined : secret(account, "appSecret", env, problems);
  if (base.kisEnv !== "sim" && !withoutKeys) {
    for (const field of ["appKey", "appSecret"] as const) {
      if (account[field] === undefined) problems.push(`account ${account.id}: ${field} is required when KIS_ENV=${base.kisEnv}`);
    }
  }
  const htsId = account.htsId ?? env["KIS_HTS_ID"];
  if (base.kisEnv === "real" && !htsId && !withoutKeys)
    problems.push(`account ${account.id}: htsId (or KIS_HTS_ID) is required when KIS_ENV=real`);
  const number = account.accountNo.replace("-", "");
  const riskLimitsFile = account.riskLimitsFile ? resolve(dir, account.riskLimitsFile) : base.riskLimitsFile;
  return {
    ...base,
    accountId: account.id,
    credentials: {
      // In sim mode the simulator opens an account for any key; each account gets its own.
      appKey: appKey ?? `sim-app-key-${account.id}`,
      appSecret: appSecret ?? `sim-app-secret-${account.id}`,
      accountNo: number.slice(0, 8),
      productCode: number.slice(8, 10),
      htsId: htsId ?? base.credentials.htsId,
    },
    dataDir: accountDataDir(base.dataDir, account.id),
    database: { ...base.database, schema: accountSchema(account.id) },
    watchlist: account.watchlist ?? base.watchlist,
    ...(riskLimitsFile ? { riskLimitsFile } : {}),
    ...(account.prompt ? { promptFile: resolve(dir, account.prompt) } : {}),
    approval: { ...base.approval, ...account.approval },
  };
}

/** One AppConfig per account of ACCOUNTS_FILE, or `[base]` without it. Every problem is reported at once, with its account. */
export function loadAccounts(base: AppConfig, env: Record<string, string | undefined>, options: AccountsOptions = {}): AccountConfig[] {
  if (!base.accountsFile) return [base];
  const path = resolve(base.accountsFile);
  const problems: string[] = [];
  const accounts = parseEntries(readFile(path), problems);
  checkUnique(accounts, problems);
  const ids = accounts.map((a) => a.id);
  const only = options.only ?? [];
  const unknown = only.filter((id) => !ids.includes(id));
  if (unknown.length > 0) problems.push(`no account ${unknown.join(", ")} in ACCOUNTS_FILE (accounts: ${ids.join(", ")})`);
  const chosen = only.length > 0 ? accounts.filter((a) => only.includes(a.id)) : accounts;
  const configs = chosen.map((a) => toConfig(base, a, dirname(path), env, problems, options.withoutKeys === true));
  const duplicateKeys = new Set(configs.map((c) => c.credentials.appKey)).size < configs.length;
  if (duplicateKeys) problems.push("two accounts resolve to the same app key (KIS issues one app key per account: give each its own)");
  if (problems.length > 0) throw new AppError("CONFIG_INVALID", `Invalid ACCOUNTS_FILE ${path}: ${problems.join("; ")}`);
  return configs;
}

/**
 * The configuration of a per-account command (run, trades, runs, prompts…): ACCOUNT_ID, which the
 * global `--account` sets, picks the account of ACCOUNTS_FILE.
 */
export function loadCommandConfig(env: Record<string, string | undefined> = process.env): AccountConfig {
  return loadAccountConfig(loadConfig(env), env, accountIds(env["ACCOUNT_ID"]));
}

/**
 * The accounts a process serving several (`start`, `status`) works on: those named by ACCOUNT_ID
 * (the global `--account`) and `extra` (the command's own `--account`), else every one.
 */
export function loadSelectedAccounts(env: Record<string, string | undefined>, extra: readonly string[] = []) {
  const base = loadConfig(env);
  const only = [...accountIds(env["ACCOUNT_ID"]), ...extra];
  refuseWithoutFile(base, only);
  return { base, accounts: loadAccounts(base, env, { only }) };
}

/** The ids a `--account` option gives (repeatable, comma-separated). */
export function accountIds(values: readonly string[] | string | undefined): string[] {
  const list = typeof values === "string" ? [values] : (values ?? []);
  return list
    .flatMap((v) => v.split(","))
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

function refuseWithoutFile(base: AppConfig, selected: readonly string[]): void {
  if (!base.accountsFile && selected.length > 0)
    throw new AppError("CONFIG_INVALID", "--account needs ACCOUNTS_FILE (this environment has one account)");
}

/**
 * The one account a per-account command works on: the environment's, the file's only one, or the
 * one `--account` names. Several accounts and none named is an error listing them.
 */
export function loadAccountConfig(
  base: AppConfig,
  env: Record<string, string | undefined>,
  selected: readonly string[],
  withoutKeys = false,
): AccountConfig {
  refuseWithoutFile(base, selected);
  if (!base.accountsFile) return base;
  if (selected.length > 1)
    throw new AppError("CONFIG_INVALID", `this command works on one account; --account named ${selected.join(", ")}`);
  if (selected.length === 0) {
    // Which accounts there are needs no key: the choice is asked for before any variable is missing.
    const ids = loadAccounts(base, env, { withoutKeys: true }).map((a) => a.accountId);
    if (ids.length > 1)
      throw new AppError("CONFIG_INVALID", `ACCOUNTS_FILE has ${ids.length} accounts: choose one with --account ID (${ids.join(", ")})`);
  }
  const [account] = loadAccounts(base, env, { only: selected, withoutKeys });
  return account as AccountConfig;
}
