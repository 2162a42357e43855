/**
 * Alerts end to end on loopback: a trading run against the simulator (real KIS client, real
 * ChatOpenAI against a scripted mock) and the `halt` command, with a JSON webhook, a Slack webhook
 * and a real SMTP server receiving. Each alert arrives once per channel; a receiver that does not
 * answer holds back neither the run nor the other channels; no receiver URL reaches the logs.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { halt } from "../../cli/halt.js";
import type { Runtime } from "../../runtime/create-runtime.js";
import { answerApproval, runTrading } from "../../runtime/trading.js";
import {
  SLACK_SECRET_PATH,
  SMTP_PASSWORD,
  WEBHOOK_SECRET,
  startAlertReceivers,
  until,
  type AlertReceivers,
} from "../fakes/alert-receivers.js";
import { freePort } from "../../testkit/free-port.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";

let h: Harness;
let receivers: AlertReceivers;
let mock: LlmMockServer;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await mock.close();
  await h.close();
  await receivers.close();
});

/** One plan of two small buys under a one-order-a-day limit: the first needs approval, the second is refused. */
async function open(channels: Record<string, string>): Promise<Runtime> {
  mock = await startLlmMock("openai", [{ kind: "content", text: planJson([marketBuy("005930", 4), marketBuy("000660", 2)]) }]);
  const limits = join(h.dataDir, "limits.json");
  writeFileSync(limits, JSON.stringify({ maxOrdersPerDay: 1 }));
  return h.open({
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    APPROVAL_MODE: "always",
    RISK_LIMITS_FILE: limits,
    CONSOLE_URL: "http://127.0.0.1:8787",
    ...channels,
  });
}

const codes = (texts: string[], code: string) => texts.filter((t) => t.includes(code)).length;

describe("alerts to a webhook, Slack and e-mail", () => {
  it("delivers an approval request, a fired limit and a halt once on every channel", async () => {
    receivers = await startAlertReceivers();
    const channels = {
      ALERT_WEBHOOK_URL: receivers.webhookUrl,
      SLACK_WEBHOOK_URL: receivers.slackUrl,
      SMTP_URL: receivers.smtpUrl,
      ALERT_EMAIL_TO: "ops@example.com",
    };
    const rt = await open(channels);

    const waiting = await runTrading(rt);
    expect(waiting.status).toBe("interrupted");
    const answered = await answerApproval(rt, waiting.runId, { approve: false, note: "not today" });
    expect(answered.riskEvents).toEqual(
      expect.arrayContaining([expect.objectContaining({ symbol: "000660", code: "MAX_ORDERS_PER_DAY" })]),
    );
    // The same run answered again is already closed: nothing new is sent.
    await answerApproval(rt, waiting.runId, { approve: false });

    // `kis-agent halt` in this process, twice with the same reason: stored twice, sent once.
    for (const [k, v] of Object.entries({ KIS_ENV: "sim", DATA_DIR: h.dataDir, LOG_LEVEL: "silent", ...channels })) vi.stubEnv(k, v);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await halt.run(["--reason", "operator test halt"])).toBe(0);
    expect(await halt.run(["--reason", "operator test halt"])).toBe(0);

    const done = () => [receivers.webhook.length, receivers.slack.length, receivers.mail.length].every((n) => n >= 3);
    await until(
      () => done() && ["APPROVAL_NEEDED", "RISK_LIMIT", "TRADING_HALTED"].every((c) => codes(receivers.mail, c) > 0),
      "every alert on every channel",
    );
    await rt.notifier.drain(10_000);

    const hooks = receivers.webhook.map((b) => JSON.stringify(b));
    const slacks = receivers.slack.map((b) => JSON.stringify(b));
    for (const code of ["APPROVAL_NEEDED", "RISK_LIMIT", "TRADING_HALTED"]) {
      expect({ code, webhook: codes(hooks, `"code":"${code}"`), slack: codes(slacks, code), email: codes(receivers.mail, code) }).toEqual({
        code,
        webhook: 1,
        slack: 1,
        email: 1,
      });
    }
    const approval = receivers.webhook.find((b) => b["code"] === "APPROVAL_NEEDED");
    expect(approval).toMatchObject({
      severity: "warn",
      link: `http://127.0.0.1:8787/runs/${waiting.runId}`,
      details: { runId: waiting.runId },
    });
    expect(receivers.slack.find((b) => b.text.includes("APPROVAL_NEEDED"))?.blocks).toHaveLength(3);
    expect(rt.repos.alerts.listRecent().filter((a) => a.code === "TRADING_HALTED")).toHaveLength(2);

    const logs = h.logs.join("\n");
    for (const secret of [WEBHOOK_SECRET, SLACK_SECRET_PATH, SMTP_PASSWORD]) expect(logs).not.toContain(secret);
  });

  it("a receiver that is down or never answers delays neither the run nor the other channels", async () => {
    receivers = await startAlertReceivers({ holdSlack: true });
    const downUrl = `http://127.0.0.1:${await freePort()}/hook?token=${WEBHOOK_SECRET}`;
    const rt = await open({
      ALERT_WEBHOOK_URL: downUrl,
      SLACK_WEBHOOK_URL: receivers.slackUrl,
      SMTP_URL: receivers.smtpUrl,
      ALERT_EMAIL_TO: "ops@example.com",
    });

    const waiting = await runTrading(rt);
    // The run is back while Slack still holds the approval alert unanswered and the webhook refuses.
    expect(waiting.status).toBe("interrupted");
    await until(() => receivers.held.length > 0 && codes(receivers.mail, "APPROVAL_NEEDED") === 1, "the e-mail and the held Slack request");
    expect(receivers.webhook).toEqual([]);
    const answered = await answerApproval(rt, waiting.runId, { approve: false });
    expect(answered.status).toBe("succeeded");
    await until(() => codes(receivers.mail, "RISK_LIMIT") === 1, "the fired limit by e-mail");

    // The refused webhook gives up after its retries; the held Slack request is still open.
    await until(() => rt.notifier.stats().failed >= 1, "the refused webhook to give up");
    const logs = h.logs.join("\n");
    expect(logs).toMatch(/alert not delivered/);
    for (const secret of [WEBHOOK_SECRET, SLACK_SECRET_PATH, SMTP_PASSWORD]) expect(logs).not.toContain(secret);
  }, 60_000);
});
