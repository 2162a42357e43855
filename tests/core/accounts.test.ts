import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accountIds, loadAccountConfig, loadAccounts, loadSelectedAccounts, maskedAccountNo } from "../../core/accounts.js";
import { loadConfig, loadLedgerConfig } from "../../core/config.js";
import { isAppError } from "../../core/errors.js";
import { queuePrefix } from "../../jobs/queues.js";

const family = {
  id: "family",
  appKey: "${FAMILY_APP_KEY}",
  appSecret: "${FAMILY_APP_SECRET}",
  accountNo: "50001234-01",
  watchlist: ["005930", "000660"],
  riskLimitsFile: "limits/family.json",
  prompt: "prompts/family-decision.md",
};
const growth = { id: "growth", appKey: "${GROWTH_APP_KEY}", appSecret: "${GROWTH_APP_SECRET}", accountNo: "5000567802" };
const secrets = { FAMILY_APP_KEY: "fam-key", FAMILY_APP_SECRET: "fam-secret", GROWTH_APP_KEY: "gro-key", GROWTH_APP_SECRET: "gro-secret" };

/** An accounts file in a fresh directory, and the environment that points at it. */
function setup(content: unknown, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "accounts-"));
  const file = join(dir, "accounts.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  const fullEnv = { DATA_DIR: "/srv/data", ACCOUNTS_FILE: file, ...env };
  return { dir, env: fullEnv, base: loadConfig(fullEnv) };
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isAppError(err) && err.code === "CONFIG_INVALID") return err.message;
    throw err;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("loadAccounts", () => {
  it("gives one config per account with its credentials from the referenced variables, its own data dir and queue prefix", () => {
    const { env, base } = setup({ accounts: [family, growth] }, { KIS_ENV: "paper", ...secrets });
    const [a, b] = loadAccounts(base, env);
    expect(a).toMatchObject({
      accountId: "family",
      kisEnv: "paper",
      credentials: { appKey: "fam-key", appSecret: "fam-secret", accountNo: "50001234", productCode: "01" },
      dataDir: join("/srv/data", "accounts", "family"),
      watchlist: ["005930", "000660"],
    });
    expect(b).toMatchObject({
      accountId: "growth",
      credentials: { appKey: "gro-key", accountNo: "50005678", productCode: "02" },
      dataDir: join("/srv/data", "accounts", "growth"),
    });
    expect(queuePrefix(b!.kisEnv, b!.accountId)).toBe("kis-agent:paper:growth");
    expect(a!.database.schema).toBe("acct_family");
    expect(maskedAccountNo(a!)).toBe("5000****-01");
  });

  it("resolves the limits and prompt files against the accounts file's directory", () => {
    const { dir, env, base } = setup({ accounts: [family] }, secrets);
    const [a] = loadAccounts(base, env);
    expect(a!.riskLimitsFile).toBe(join(dir, "limits", "family.json"));
    expect(a!.promptFile).toBe(join(dir, "prompts", "family-decision.md"));
  });

  it("falls back to the environment for what an account leaves out", () => {
    const { env, base } = setup(
      {
        accounts: [
          { id: "plain", appKey: "${K}", appSecret: "${S}", accountNo: "11112222-01", approval: { notionalThresholdKrw: 500_000 } },
        ],
      },
      { K: "k", S: "s", WATCHLIST: "035420,035720", RISK_LIMITS_FILE: "env-limits.json", APPROVAL_MODE: "always", KIS_HTS_ID: "trader" },
    );
    const [a] = loadAccounts(base, env);
    expect(a!.watchlist).toEqual(["035420", "035720"]);
    expect(a!.riskLimitsFile).toBe("env-limits.json");
    expect(a!.credentials.htsId).toBe("trader");
    expect(a!.approval).toMatchObject({ mode: "always", notionalThresholdKrw: 500_000 });
    expect(a!.promptFile).toBeUndefined();
  });

  it("refuses a literal secret without echoing it, and says how to reference a variable instead", () => {
    const { env, base } = setup({ accounts: [{ ...family, appSecret: "PSxx-very-secret-value" }] }, secrets);
    const message = configError(() => loadAccounts(base, env));
    expect(message).toContain("account family: appSecret must name an environment variable");
    expect(message).toContain("FAMILY_APP_SECRET=");
    expect(message).not.toContain("PSxx-very-secret-value");
  });

  it("names the account and the variable of a missing secret, never a value", () => {
    const { env, base } = setup({ accounts: [family, growth] }, { ...secrets, GROWTH_APP_SECRET: "" });
    const message = configError(() => loadAccounts(base, env));
    expect(message).toContain("account growth: appSecret refers to ${GROWTH_APP_SECRET}, which is not set");
    expect(message).not.toContain("fam-secret");
  });

  it("reports every problem together: duplicate ids and numbers, a shared app key, unknown keys, bad ids", () => {
    const { env, base } = setup(
      {
        accounts: [
          family,
          { ...growth, id: "family", accountNo: "50001234-01", appKey: "${FAMILY_APP_KEY}" },
          { ...growth, id: "Bad_Id", accountNo: "77778888-01", appKey: "${X}" },
          { ...growth, id: "extra", accountNo: "99998888-01", appKey: "${Y}", leverage: 3 },
        ],
      },
      secrets,
    );
    const message = configError(() => loadAccounts(base, env));
    expect(message).toContain("accounts family and family have the same id");
    expect(message).toContain("have the same accountNo");
    expect(message).toContain("have the same appKey");
    expect(message).toContain("account Bad_Id: id:");
    expect(message).toContain('account extra: (entry): Unrecognized key: "leverage"');
  });

  it("needs the keys of every account outside sim mode, and gives each sim account its own key", () => {
    const noKeys = { id: "a", accountNo: "11112222-01" };
    const paper = setup({ accounts: [noKeys] }, { KIS_ENV: "paper" });
    expect(configError(() => loadAccounts(paper.base, paper.env))).toContain("account a: appKey is required when KIS_ENV=paper");
    const sim = setup({ accounts: [noKeys, { id: "b", accountNo: "33334444-01" }] });
    expect(loadAccounts(sim.base, sim.env).map((c) => c.credentials.appKey)).toEqual(["sim-app-key-a", "sim-app-key-b"]);
  });

  it("resolves only the chosen accounts, whose variables alone must be set", () => {
    const { env, base } = setup({ accounts: [family, growth] }, { GROWTH_APP_KEY: "g", GROWTH_APP_SECRET: "s" });
    expect(loadAccounts(base, env, { only: ["growth"] }).map((c) => c.accountId)).toEqual(["growth"]);
    expect(configError(() => loadAccounts(base, env, { only: ["nope"] }))).toContain(
      "no account nope in ACCOUNTS_FILE (accounts: family, growth)",
    );
  });

  it("reads no key for the ledger alone (halt)", () => {
    const { env } = setup({ accounts: [family] });
    const [a] = loadAccounts(loadLedgerConfig("real", env), env, { withoutKeys: true });
    expect(a!.kisEnv).toBe("real");
    expect(a!.dataDir).toBe(join("/srv/data", "accounts", "family"));
  });

  it("reports a file that is not JSON, with its path", () => {
    const { env, base } = setup("{ accounts: [");
    expect(configError(() => loadAccounts(base, env))).toMatch(/ACCOUNTS_FILE .*accounts\.json is not JSON/);
  });

  it("without ACCOUNTS_FILE is the environment's one account, as before", () => {
    const base = loadConfig({ DATA_DIR: "/srv/data" });
    expect(loadAccounts(base, {})).toEqual([base]);
    expect(base.accountId).toBeNull();
    expect(base.dataDir).toBe("/srv/data");
    expect(queuePrefix(base.kisEnv, base.accountId)).toBe("kis-agent:sim");
    expect(base.database.schema).toBe("public");
  });
});

describe("choosing accounts", () => {
  it("a per-account command needs --account when the file has several, and lists them", () => {
    const { env, base } = setup({ accounts: [family, growth] }, secrets);
    expect(configError(() => loadAccountConfig(base, env, []))).toContain("choose one with --account ID (family, growth)");
    expect(loadAccountConfig(base, env, ["growth"]).accountId).toBe("growth");
    expect(configError(() => loadAccountConfig(base, env, ["family", "growth"]))).toContain("works on one account");
  });

  it("asks for --account before complaining about any account's variables", () => {
    const { env, base } = setup({ accounts: [family, growth] });
    expect(configError(() => loadAccountConfig(base, env, []))).toContain("choose one with --account ID (family, growth)");
    expect(configError(() => loadAccountConfig(base, env, ["growth"]))).toContain("${GROWTH_APP_KEY}, which is not set");
  });

  it("a file of one account needs no --account", () => {
    const { env, base } = setup({ accounts: [family] }, secrets);
    expect(loadAccountConfig(base, env, []).accountId).toBe("family");
  });

  it("refuses --account without ACCOUNTS_FILE", () => {
    expect(configError(() => loadSelectedAccounts({ ACCOUNT_ID: "family" }))).toContain("--account needs ACCOUNTS_FILE");
  });

  it("takes ids repeated or comma-separated, from ACCOUNT_ID and the command's option", () => {
    expect(accountIds(["a,b", " c "])).toEqual(["a", "b", "c"]);
    const { env } = setup({ accounts: [family, growth] }, { ...secrets, ACCOUNT_ID: "family" });
    expect(loadSelectedAccounts(env, ["growth"]).accounts.map((c) => c.accountId)).toEqual(["family", "growth"]);
  });
});
