/**
 * The system health checks of the KIS guide, pure: today's loss against the limit, the losing
 * streak and the KIS API error rate halt trading; a stale feed, an expiring token, a queue backlog
 * and missing worker heartbeats are reported. Each check sees only evidence newer than the last
 * change of the trading state, so a person's `resume` is not undone by the very data they overrode.
 */
import { kstParts } from "../core/clock.js";
import { dailyLossLimitKrw } from "./limits.js";

export type HealthStatus = "ok" | "warn" | "fail" | "unknown";
export type HealthCheckName = "dailyLoss" | "consecutiveLosses" | "apiErrorRate" | "feed" | "token" | "queues" | "workers";

export interface HealthCheck {
  name: HealthCheckName;
  status: HealthStatus;
  message: string;
  /** a failing check that halts trading */
  halts: boolean;
}

export interface HealthInputs {
  nowMs: number;
  /** when the trading state last changed (a halt, a resume) */
  stateChangedAtMs: number;
  /** today's P&L, total assets and the day's opening equity (when a daily snapshot exists); absent when the account could not be read */
  pnl?: { todayKrw: number; totalAssetsKrw: number; openingEquityKrw?: number };
  /** losing sells in a row, and how many of them closed after the state last changed */
  losses: { streak: number; sinceStateChange: number };
  /** KIS REST calls since max(window start, state change) */
  api: { calls: number; errors: number; windowMs: number; byTrId: Record<string, { calls: number; errors: number }> };
  /** the live feed of this process; absent when it runs none */
  feed?: { state: string; lastTickMs?: number };
  /** the access token in use; absent before the first one */
  tokenExpiresAtMs?: number;
  /** waiting jobs per queue; absent when Redis is not at hand */
  queues?: Record<string, number>;
  /** last heartbeat of each `start` process; absent when Redis is not at hand */
  heartbeats?: number[];
  /** the continuous session is on (feed staleness means nothing outside it) */
  marketOpen: boolean;
}

export interface HealthThresholds {
  dailyLossLimitRate: number;
  maxConsecutiveLosses: number;
  /** @defaultValue 0.10 */
  apiErrorRate: number;
  /** fewer calls than this say nothing about a rate. @defaultValue 20 */
  minApiCalls: number;
  /** @defaultValue 60_000 */
  feedStaleMs: number;
  /** @defaultValue 10 min: the client refreshes earlier, so less left means refreshing failed */
  tokenMarginMs: number;
  /** @defaultValue 20 */
  maxWaitingJobs: number;
  /** twice the heartbeat interval. @defaultValue 30_000 */
  heartbeatMaxAgeMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: Omit<HealthThresholds, "dailyLossLimitRate" | "maxConsecutiveLosses"> = {
  apiErrorRate: 0.1,
  minApiCalls: 20,
  feedStaleMs: 60_000,
  tokenMarginMs: 10 * 60_000,
  maxWaitingJobs: 20,
  heartbeatMaxAgeMs: 30_000,
};

export interface HealthReport {
  checkedAtMs: number;
  ok: boolean;
  checks: HealthCheck[];
}

const check = (name: HealthCheckName, status: HealthStatus, message: string, halts = false): HealthCheck => ({
  name,
  status,
  message,
  halts: halts && status === "fail",
});
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const krw = (x: number) => `${Math.round(x).toLocaleString("en-US")} KRW`;
const seconds = (ms: number) => `${Math.round(ms / 1_000)} s`;

function dailyLoss(i: HealthInputs, t: HealthThresholds): HealthCheck {
  if (!i.pnl) return check("dailyLoss", "unknown", "account not read");
  const limitKrw = dailyLossLimitKrw(t.dailyLossLimitRate, i.pnl);
  const text = `today ${krw(i.pnl.todayKrw)} against a ${pct(t.dailyLossLimitRate)} limit of ${krw(-limitKrw)}`;
  if (i.pnl.todayKrw > -limitKrw) return check("dailyLoss", "ok", text);
  // A state changed today means a person resumed (or something halted) after seeing today's loss.
  const overridden = kstParts(i.stateChangedAtMs).date === kstParts(i.nowMs).date;
  return overridden
    ? check("dailyLoss", "warn", `${text}; trading was resumed today, so not halted again`)
    : check("dailyLoss", "fail", text, true);
}

function consecutiveLosses(i: HealthInputs, t: HealthThresholds): HealthCheck {
  const text = `${i.losses.streak} losing trade(s) in a row (limit ${t.maxConsecutiveLosses})`;
  if (i.losses.streak < t.maxConsecutiveLosses) return check("consecutiveLosses", "ok", text);
  if (i.losses.sinceStateChange === 0) return check("consecutiveLosses", "warn", `${text}; none since trading was last resumed`);
  return check("consecutiveLosses", "fail", text, true);
}

function apiErrorRate(i: HealthInputs, t: HealthThresholds): HealthCheck {
  const { calls, errors } = i.api;
  const rate = calls === 0 ? 0 : errors / calls;
  const worst = Object.entries(i.api.byTrId)
    .filter(([, c]) => c.errors > 0)
    .sort((a, b) => b[1].errors - a[1].errors)
    .slice(0, 3)
    .map(([trId, c]) => `${trId} ${c.errors}/${c.calls}`);
  const text = `${errors} of ${calls} KIS call(s) failed in the last ${Math.round(i.api.windowMs / 60_000)} min (${pct(rate)}, limit ${pct(t.apiErrorRate)})${worst.length > 0 ? `: ${worst.join(", ")}` : ""}`;
  if (calls < t.minApiCalls) return check("apiErrorRate", errors > 0 ? "warn" : "ok", `${text}; too few calls to judge`);
  return rate > t.apiErrorRate ? check("apiErrorRate", "fail", text, true) : check("apiErrorRate", "ok", text);
}

function feed(i: HealthInputs, t: HealthThresholds): HealthCheck {
  if (!i.feed) return check("feed", "unknown", "no live feed in this process");
  if (!i.marketOpen) return check("feed", "ok", `${i.feed.state}; market closed`);
  const age = i.feed.lastTickMs === undefined ? undefined : i.nowMs - i.feed.lastTickMs;
  const text = `${i.feed.state}, last tick ${age === undefined ? "never" : `${seconds(age)} ago`}`;
  return age === undefined || age > t.feedStaleMs ? check("feed", "fail", `stale: ${text}`) : check("feed", "ok", text);
}

function token(i: HealthInputs, t: HealthThresholds): HealthCheck {
  if (i.tokenExpiresAtMs === undefined) return check("token", "unknown", "no access token issued yet");
  const left = i.tokenExpiresAtMs - i.nowMs;
  if (left <= 0) return check("token", "fail", "the access token has expired and was not renewed");
  const text = `access token valid for ${Math.round(left / 60_000)} min`;
  return left < t.tokenMarginMs ? check("token", "warn", `${text}; renewal is overdue`) : check("token", "ok", text);
}

function queues(i: HealthInputs, t: HealthThresholds): HealthCheck {
  if (!i.queues) return check("queues", "unknown", "Redis not at hand");
  const backlog = Object.entries(i.queues)
    .filter(([, waiting]) => waiting > t.maxWaitingJobs)
    .map(([q, waiting]) => `${q} ${waiting}`);
  return backlog.length > 0
    ? check("queues", "fail", `backlog over ${t.maxWaitingJobs} waiting job(s): ${backlog.join(", ")}`)
    : check("queues", "ok", "no backlog");
}

function workers(i: HealthInputs, t: HealthThresholds): HealthCheck {
  if (!i.heartbeats) return check("workers", "unknown", "Redis not at hand");
  if (i.heartbeats.length === 0) return check("workers", "fail", "no 'kis-agent start' process has a heartbeat");
  const stale = i.heartbeats.filter((at) => i.nowMs - at > t.heartbeatMaxAgeMs).length;
  const text = `${i.heartbeats.length} process(es)`;
  return stale > 0
    ? check("workers", "fail", `${text}, ${stale} without a heartbeat for over ${seconds(t.heartbeatMaxAgeMs)}`)
    : check("workers", "ok", text);
}

export function evaluateHealth(inputs: HealthInputs, thresholds: HealthThresholds): HealthReport {
  const checks = [dailyLoss, consecutiveLosses, apiErrorRate, feed, token, queues, workers].map((f) => f(inputs, thresholds));
  return { checkedAtMs: inputs.nowMs, ok: checks.every((c) => c.status === "ok" || c.status === "unknown"), checks };
}

/** The failing checks that halt trading. */
export const haltingFailures = (report: HealthReport): HealthCheck[] => report.checks.filter((c) => c.halts);
