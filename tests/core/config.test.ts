import { describe, expect, it } from "vitest";
import { loadLedgerConfig, loadConfig } from "../../core/config.js";
import { isAppError } from "../../core/errors.js";

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (isAppError(err) && err.code === "CONFIG_INVALID") return err.message;
    throw err;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("loadConfig", () => {
  it("defaults to sim mode with placeholder credentials and no keys needed", () => {
    const config = loadConfig({});
    expect(config.kisEnv).toBe("sim");
    expect(config.credentials.accountNo).toMatch(/^\d{8}$/);
    expect(config.credentials.productCode).toMatch(/^\d{2}$/);
    expect(config.liveTradingEnabled).toBe(false);
    expect(config.sim).toMatchObject({ seed: 42, speed: 1, rateLimitPerSec: 0 });
  });

  it("splits the account number into CANO and product code, with or without a dash", () => {
    const env = { KIS_ENV: "paper", KIS_APP_KEY: "k", KIS_APP_SECRET: "s" };
    expect(loadConfig({ ...env, KIS_ACCOUNT_NO: "12345678-01" }).credentials).toMatchObject({ accountNo: "12345678", productCode: "01" });
    expect(loadConfig({ ...env, KIS_ACCOUNT_NO: "1234567822" }).credentials).toMatchObject({ accountNo: "12345678", productCode: "22" });
  });

  it("requires keys and an account outside sim mode, reporting every missing one at once", () => {
    const message = configError({ KIS_ENV: "paper" });
    expect(message).toContain("KIS_APP_KEY");
    expect(message).toContain("KIS_APP_SECRET");
    expect(message).toContain("KIS_ACCOUNT_NO");
  });

  it("refuses real mode without the explicit live-trading switch", () => {
    const env = { KIS_ENV: "real", KIS_APP_KEY: "k", KIS_APP_SECRET: "s", KIS_ACCOUNT_NO: "12345678-01", KIS_HTS_ID: "trader" };
    expect(configError(env)).toContain("KIS_LIVE_TRADING=enabled");
    expect(loadConfig({ ...env, KIS_LIVE_TRADING: "enabled" }).liveTradingEnabled).toBe(true);
  });

  it("refuses real mode without KIS_HTS_ID, which execution notices need", () => {
    const env = { KIS_ENV: "real", KIS_APP_KEY: "k", KIS_APP_SECRET: "s", KIS_ACCOUNT_NO: "12345678-01", KIS_LIVE_TRADING: "enabled" };
    expect(configError(env)).toContain("KIS_HTS_ID is required when KIS_ENV=real");
  });

  it("reads a ledger-only configuration of any mode without KIS keys", () => {
    const config = loadLedgerConfig("real", { KIS_ENV: "real", DATA_DIR: "/tmp/x" });
    expect(config).toMatchObject({ kisEnv: "real", dataDir: "/tmp/x" });
  });

  it("rejects malformed values with the variable's name", () => {
    expect(configError({ KIS_ACCOUNT_NO: "12-34" })).toContain("KIS_ACCOUNT_NO");
    expect(configError({ KIS_SIM_SPEED: "fast" })).toContain("KIS_SIM_SPEED");
    expect(configError({ KIS_SIM_START: "tomorrow" })).toContain("KIS_SIM_START");
    expect(configError({ KIS_ENV: "live" })).toContain("KIS_ENV");
  });

  it("treats empty values as unset, so a copied .env.example loads", () => {
    const config = loadConfig({ KIS_ENV: "sim", KIS_APP_KEY: "", KIS_ACCOUNT_NO: "", KIS_SIM_SPEED: "", LLM_PROVIDER: "" });
    expect(config.sim.speed).toBe(1);
    expect(config.llm.provider).toBe("offline");
  });

  it("parses simulator settings from the environment", () => {
    const config = loadConfig({
      KIS_SIM_SEED: "7",
      KIS_SIM_SPEED: "60",
      KIS_SIM_START: "2026-11-23T09:00:00+09:00",
      KIS_SIM_RATE_LIMIT: "0",
    });
    expect(config.sim).toEqual({ seed: 7, speed: 60, start: "2026-11-23T09:00:00+09:00", rateLimitPerSec: 0 });
  });

  it("turns alert channels on from their variables, and an e-mail channel needs both ends", () => {
    const config = loadConfig({
      ALERT_WEBHOOK_URL: "https://hooks.example.com/x?token=t",
      SMTP_URL: "smtp://u:p@mail.example.com:587",
      ALERT_EMAIL_TO: "a@example.com, b@example.com",
      HEALTH_API_ERROR_RATE: "0.2",
    });
    expect(config.alerts).toEqual({
      webhookUrl: "https://hooks.example.com/x?token=t",
      smtpUrl: "smtp://u:p@mail.example.com:587",
      emailTo: ["a@example.com", "b@example.com"],
      emailFrom: "kis-agent <kis-agent@localhost>",
    });
    expect(config.health).toEqual({ apiErrorRate: 0.2, apiWindowMs: 300_000 });
    expect(() => loadConfig({ SMTP_URL: "smtp://mail.example.com" })).toThrow(/SMTP_URL needs ALERT_EMAIL_TO/);
    expect(() => loadConfig({ SLACK_WEBHOOK_URL: "ftp://hooks.slack.com/services/SECRETPATH" })).toThrow(/SLACK_WEBHOOK_URL/);
    expect(() => loadConfig({ SLACK_WEBHOOK_URL: "ftp://hooks.slack.com/services/SECRETPATH" })).not.toThrow(/SECRETPATH/);
  });
});
