/**
 * The alert channels: a JSON webhook, a Slack incoming webhook (blocks) and e-mail over SMTP. Each
 * is on when its settings are present. Their URLs carry secrets (a Slack webhook's path, an SMTP
 * password): they are registered with the logger and no error or channel name ever repeats them.
 */
import nodemailer from "nodemailer";
import { formatKstIso } from "../../core/clock.js";
import type { AlertSettings } from "../../core/config.js";
import { registerSecret } from "../../core/logger.js";
import type { AlertChannel, OutgoingAlert } from "./notifier.js";

const TIMEOUT_MS = 5_000;

async function postJson(name: string, url: string, body: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    // fetch's own message names no URL, but its cause may; keep only the reason.
    const cause = (err as { cause?: { code?: unknown } }).cause?.code;
    throw new Error(`${name}: no answer${typeof cause === "string" ? ` (${cause})` : ""}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
}

const title = (a: OutgoingAlert) => `[kis-agent] ${a.severity.toUpperCase()} ${a.code}`;

/** The document a webhook receives. */
export function webhookBody(a: OutgoingAlert) {
  return {
    id: a.id,
    createdAt: new Date(a.createdAtMs).toISOString(),
    severity: a.severity,
    source: a.source,
    code: a.code,
    message: a.message,
    details: a.details,
    ...(a.link ? { link: a.link } : {}),
  };
}

/** Slack blocks: a header, the message, and a context line with source, time and link. */
export function slackBody(a: OutgoingAlert) {
  const context = [`${a.source} · ${formatKstIso(a.createdAtMs)} KST`, ...(a.link ? [`<${a.link}|open in console>`] : [])].join(" · ");
  return {
    text: `${title(a)}: ${a.message}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${a.severity.toUpperCase()} ${a.code}`.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: a.message.slice(0, 3_000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: context }] },
    ],
  };
}

export function emailText(a: OutgoingAlert): string {
  const lines = [a.message, "", `severity ${a.severity} · source ${a.source} · code ${a.code} · ${formatKstIso(a.createdAtMs)} KST`];
  if (a.link) lines.push(`console: ${a.link}`);
  const report = (a.details as { report?: unknown } | null)?.report;
  if (typeof report === "string") lines.push("", report);
  return lines.join("\n");
}

function registerUrlSecrets(raw: string): void {
  registerSecret(raw);
  const url = new URL(raw);
  registerSecret(decodeURIComponent(url.password));
  if (url.pathname.length > 1) registerSecret(url.pathname);
  if (url.search) registerSecret(url.search);
}

export function createChannels(settings: AlertSettings): AlertChannel[] {
  const channels: AlertChannel[] = [];
  const { webhookUrl, slackWebhookUrl, smtpUrl } = settings;
  if (webhookUrl) {
    registerUrlSecrets(webhookUrl);
    channels.push({ name: "webhook", send: (a) => postJson("webhook", webhookUrl, webhookBody(a)) });
  }
  if (slackWebhookUrl) {
    registerUrlSecrets(slackWebhookUrl);
    channels.push({ name: "slack", send: (a) => postJson("slack", slackWebhookUrl, slackBody(a)) });
  }
  if (smtpUrl && settings.emailTo.length > 0) {
    registerUrlSecrets(smtpUrl);
    const transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
    channels.push({
      name: "email",
      async send(a) {
        await transport.sendMail({
          from: settings.emailFrom,
          to: settings.emailTo,
          subject: `${title(a)}: ${a.message.split("\n")[0]?.slice(0, 120) ?? ""}`,
          text: emailText(a),
        });
      },
      close: () => transport.close(),
    });
  }
  return channels;
}
