/**
 * The one place where stored alerts become notifications: the alerts repository every writer
 * already uses (run recorder, finalize, halt, approvals, the health monitor), wrapped so that each
 * insert is also published — unless an alert with the same dedupe key was sent within the window,
 * by this process or another one sharing the database. Every alert is still stored.
 */
import type { AppConfig } from "../../core/config.js";
import type { Logger } from "../../core/logger.js";
import type { AlertsRepo, NewAlert } from "../../db/alerts-repo.js";
import { createChannels } from "./channels.js";
import { createNotifier, type Notifier, type NotifierOptions } from "./notifier.js";

/** The same alert twice within this window is notified once. */
export const DEDUPE_WINDOW_MS = 30 * 60_000;

function detailsObject(details: unknown): Record<string, unknown> {
  if (details === undefined || details === null) return {};
  return typeof details === "object" && !Array.isArray(details) ? { ...(details as Record<string, unknown>) } : { value: details };
}

/** An explicit `details.dedupeKey`, else the alert's source, code and message. */
export function dedupeKeyOf(alert: NewAlert): string {
  const explicit = detailsObject(alert.details)["dedupeKey"];
  return typeof explicit === "string" && explicit !== "" ? explicit : `${alert.source}|${alert.code}|${alert.message}`;
}

/** The console page of the run an alert is about. */
export function consoleLink(consoleUrl: string | undefined, details: Record<string, unknown>): string | undefined {
  const runId = details["runId"];
  if (!consoleUrl || typeof runId !== "string") return undefined;
  return `${consoleUrl.replace(/\/+$/, "")}/runs/${encodeURIComponent(runId)}`;
}

export function withNotifications(
  repo: AlertsRepo,
  notifier: Notifier,
  options: { consoleUrl?: string; dedupeWindowMs?: number } = {},
): AlertsRepo {
  const windowMs = options.dedupeWindowMs ?? DEDUPE_WINDOW_MS;
  return {
    ...repo,
    insert(alert, nowMs) {
      const dedupeKey = dedupeKeyOf(alert);
      const notify = notifier.channels.length > 0 && !repo.notifiedSince(dedupeKey, nowMs - windowMs);
      const details = { ...detailsObject(alert.details), dedupeKey, ...(notify ? { notified: true } : {}) };
      const id = repo.insert({ ...alert, details }, nowMs);
      if (!notify) return id;
      const link = consoleLink(options.consoleUrl, details);
      notifier.publish({ ...alert, id, createdAtMs: nowMs, details, ...(link ? { link } : {}) });
      return id;
    },
  };
}

export interface Alerting {
  notifier: Notifier;
  wrap(repo: AlertsRepo): AlertsRepo;
}

/** The channels the environment configures (none is fine: alerts then stay in the database). */
export function createAlerting(
  config: Pick<AppConfig, "alerts">,
  log: Logger,
  overrides: Partial<Omit<NotifierOptions, "channels" | "log">> = {},
): Alerting {
  const notifier = createNotifier({ channels: createChannels(config.alerts), log, ...overrides });
  const consoleUrl = config.alerts.consoleUrl;
  return { notifier, wrap: (repo) => withNotifications(repo, notifier, consoleUrl ? { consoleUrl } : {}) };
}
