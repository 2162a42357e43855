/**
 * Local alert receivers for integration tests: one HTTP server taking the JSON webhook and the
 * Slack webhook (each on its own path, answering 200, or holding the request open when told to),
 * and a real SMTP server (smtp-server) that accepts any login and keeps each message's raw text.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface AlertReceivers {
  /** carries a secret token in its query, as real webhooks do */
  webhookUrl: string;
  /** the path is the secret, as in a Slack incoming webhook */
  slackUrl: string;
  smtpUrl: string;
  webhook: Array<Record<string, unknown>>;
  slack: Array<{ text: string; blocks: unknown[] }>;
  /** raw RFC 822 text of each message */
  mail: string[];
  /** requests to a path held open without an answer */
  held: string[];
  close(): Promise<void>;
}

export const WEBHOOK_SECRET = "whk-secret-token-123456";
export const SLACK_SECRET_PATH = "/services/T0000/B0000/slackSecretXYZ123";
export const SMTP_PASSWORD = "smtp-pass-987654321";

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

export async function startAlertReceivers(options: { holdSlack?: boolean } = {}): Promise<AlertReceivers> {
  const webhook: AlertReceivers["webhook"] = [];
  const slack: AlertReceivers["slack"] = [];
  const mail: string[] = [];
  const held: string[] = [];
  const open: ServerResponse[] = [];
  const http = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === SLACK_SECRET_PATH && options.holdSlack) {
        held.push(body);
        open.push(res);
        return;
      }
      if (path === "/hook") webhook.push(JSON.parse(body) as Record<string, unknown>);
      else if (path === SLACK_SECRET_PATH) slack.push(JSON.parse(body) as AlertReceivers["slack"][number]);
      else res.statusCode = 404;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const httpPort = (http.address() as AddressInfo).port;

  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, cb) => cb(null, { user: auth.username }),
    onData(stream, _session, cb) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        mail.push(raw);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  return {
    webhookUrl: `http://127.0.0.1:${httpPort}/hook?token=${WEBHOOK_SECRET}`,
    slackUrl: `http://127.0.0.1:${httpPort}${SLACK_SECRET_PATH}`,
    smtpUrl: `smtp://alerts:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`,
    webhook,
    slack,
    mail,
    held,
    async close() {
      for (const res of open) res.destroy();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}

/** Polls until `done()` holds (generous: the receivers are on loopback). */
export async function until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
