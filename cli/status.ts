/**
 * `kis-agent status [--json]`: queue counts, next fire time of every scheduler (KST), the running
 * `start` processes with their roles and feed subscriptions, trading state, active prompt version and recent
 * runs. Reads only: it never starts Redis, the simulator or a worker.
 */
import { Redis } from "ioredis";
import { formatKstIso, fromKst, kstParts } from "../core/clock.js";
import { accountIds, loadSelectedAccounts, maskedAccountNo, type AccountConfig } from "../core/accounts.js";
import type { AppConfig } from "../core/config.js";
import { createPromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { readHealthReport } from "../jobs/health-report.js";
import { readHeartbeats, type ProcessStatus } from "../jobs/heartbeat.js";
import type { HealthOutcome } from "../runtime/health-monitor.js";
import { accountPrefix, closeQueues, createQueues, QUEUE_NAMES } from "../jobs/queues.js";
import { listSchedulers } from "../jobs/schedules.js";
import { marketNow } from "../runtime/mode.js";
import { openLedger } from "../runtime/paths.js";
import type { Repos } from "../runtime/repos.js";
import { createRiskLedger } from "../runtime/risk-ledger.js";
import { redisAnswers } from "../runtime/redis.js";
import type { Command } from "./index.js";
import { parseCommandArgs, printJson, printTable } from "./output.js";

const USAGE = `usage: kis-agent status [--account ID]... [--prefix NAME] [--json]

Shows the job queues and schedulers in Redis (REDIS_URL), the running 'kis-agent start' processes
and their live-feed subscriptions, the health monitor's last report (daily loss, losing streak, KIS
error rate, feed, token, queues, workers), the trading state, today's runs, orders and realised P&L,
the active prompt version and recent runs.
With ACCOUNTS_FILE: all of it for every account (--account: only those), --json then prints an array.`;

const COUNT_TYPES = ["waiting", "active", "delayed", "prioritized", "completed", "failed"] as const;

interface RedisStatus {
  url: string;
  prefix: string;
  reachable: boolean;
  queues: Array<{ queue: string } & Record<string, number | string>>;
  schedulers: Array<{ id: string; queue: string; pattern: string; next: string | null }>;
  processes: Array<ProcessStatus & { startedAt: string; updatedAt: string }>;
  /** the last report of the health job (every minute in market hours), absent before the first */
  health: (HealthOutcome & { checkedAt: string }) | null;
}

/** The URL without its password. */
function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(invalid REDIS_URL)";
  }
}

async function reachable(redisUrl: string): Promise<boolean> {
  const url = URL.canParse(redisUrl) ? new URL(redisUrl) : undefined;
  return url !== undefined && redisAnswers(url.hostname || "127.0.0.1", Number(url.port || 6379));
}

async function redisStatus(config: AppConfig, prefix: string): Promise<RedisStatus> {
  const base: RedisStatus = {
    url: displayUrl(config.redisUrl),
    prefix,
    reachable: false,
    queues: [],
    schedulers: [],
    processes: [],
    health: null,
  };
  if (!(await reachable(config.redisUrl))) return base;
  const queues = createQueues({ url: config.redisUrl }, prefix);
  const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const counts = await Promise.all(
      QUEUE_NAMES.map(async (name) => ({ queue: name, ...(await queues[name].getJobCounts(...COUNT_TYPES)) })),
    );
    const schedulers = (await listSchedulers(queues)).map((s) => ({
      id: s.id,
      queue: s.queue,
      pattern: s.pattern,
      next: s.nextMs === undefined ? null : formatKstIso(s.nextMs),
    }));
    const processes = (await readHeartbeats(client, prefix)).map((p) => ({
      ...p,
      startedAt: formatKstIso(p.startedAtMs),
      updatedAt: formatKstIso(p.updatedAtMs),
    }));
    const health = await readHealthReport<HealthOutcome>(client, prefix);
    return {
      ...base,
      reachable: true,
      queues: counts,
      schedulers,
      processes,
      health: health ? { ...health, checkedAt: formatKstIso(health.checkedAtMs) } : null,
    };
  } finally {
    await closeQueues(queues);
    await client.quit();
  }
}

/** How many runs recently listed are enough to count a day's. */
const TODAY_RUNS_SCAN = 500;

/** The market day of `nowMs` (KST): runs started, orders sent and realised P&L, from the one ledger the risk check reads. */
function todayStatus(repos: Repos, nowMs: number) {
  const { date } = kstParts(nowMs);
  const dayStartMs = fromKst(date);
  const risk = createRiskLedger(repos);
  return {
    date,
    runs: repos.runs.listRecent(TODAY_RUNS_SCAN).filter((r) => r.startedAtMs >= dayStartMs).length,
    orders: risk.ordersPlacedToday(nowMs),
    realizedPnlKrw: risk.realizedPnlTodayKrw(nowMs),
  };
}

function ledgerStatus(config: AppConfig, nowMs: number) {
  const ledger = openLedger(config);
  try {
    const active = createPromptVersionsRepo(ledger.db).active();
    const trading = ledger.repos.tradingState.get();
    return {
      tradingState: { ...trading, updatedAt: trading.updatedAtMs > 0 ? formatKstIso(trading.updatedAtMs) : null },
      today: todayStatus(ledger.repos, nowMs),
      // No stored version yet means the seed (v1) is what a trading run will use.
      promptVersion: active
        ? { version: active.version, author: active.author, activatedAt: active.activatedAtMs ? formatKstIso(active.activatedAtMs) : null }
        : { version: 1, author: "seed", activatedAt: null },
      recentRuns: ledger.repos.runs.listRecent(10).map((r) => ({
        runId: r.runId,
        graph: r.graph,
        trigger: r.trigger,
        status: r.status,
        startedAt: formatKstIso(r.startedAtMs),
        summary: r.summary.split("\n")[0] ?? "",
      })),
    };
  } finally {
    ledger.close();
  }
}

function printHealth(health: RedisStatus["health"]): void {
  if (!health) {
    console.log("\nhealth: no report yet (the health job runs every minute in market hours under 'kis-agent start')");
    return;
  }
  console.log(
    `\nhealth at ${health.checkedAt}: ${health.ok ? "OK" : "PROBLEMS"}${health.halted ? ` — halted trading: ${health.halted}` : ""}`,
  );
  printTable(
    ["check", "status", "detail"],
    health.checks.map((c) => [c.name, c.halts ? `${c.status} (halts)` : c.status, c.message]),
  );
}

function printHuman(redis: RedisStatus, ledger: ReturnType<typeof ledgerStatus>, kisEnv: string): void {
  const { today } = ledger;
  console.log(
    `KIS_ENV ${kisEnv} · trading ${ledger.tradingState.state}${ledger.tradingState.reason ? ` (${ledger.tradingState.reason})` : ""} · prompt v${ledger.promptVersion.version}`,
  );
  console.log(
    `today ${today.date}: ${today.runs} run(s), ${today.orders} order(s), realised P&L ${today.realizedPnlKrw.toLocaleString("en-US")} KRW`,
  );
  console.log(
    `redis ${redis.url} prefix ${redis.prefix}: ${redis.reachable ? "reachable" : "NOT reachable — start it with 'kis-agent start' or set REDIS_URL"}`,
  );
  if (redis.reachable) {
    console.log("\nqueues");
    printTable(
      ["queue", ...COUNT_TYPES],
      redis.queues.map((q) => [q.queue, ...COUNT_TYPES.map((t) => Number(q[t] ?? 0))]),
    );
    console.log("\nschedulers (next fire, KST)");
    printTable(
      ["id", "queue", "cron", "next"],
      redis.schedulers.map((s) => [s.id, s.queue, s.pattern, s.next ?? "-"]),
    );
    console.log(`\nprocesses${redis.processes.length === 0 ? ": no 'kis-agent start' running" : ""}`);
    for (const p of redis.processes) {
      console.log(`  pid ${p.pid} (${p.role ?? "all"}) on ${p.host} since ${p.startedAt}, seen ${p.updatedAt}`);
      if (p.feed)
        console.log(
          `    feed ${p.feed.state === "standby" ? "standing by (another process holds the app key's feed)" : p.feed.state}, ${p.feed.registrations.length} registration(s), ${p.feed.reconnects} reconnect(s): ${p.feed.registrations.join(", ")}`,
        );
    }
  }
  printHealth(redis.health);
  console.log("\nrecent runs");
  printTable(
    ["run", "trigger", "status", "started", "summary"],
    ledger.recentRuns.map((r) => [r.runId, r.trigger, r.status, r.startedAt, r.summary.slice(0, 60)]),
  );
}

async function accountStatus(config: AccountConfig, prefix: string | undefined) {
  const redis = await redisStatus(config, accountPrefix(config, prefix));
  return { config, redis, ledger: ledgerStatus(config, (await marketNow(config)).nowMs) };
}

function asJson({ config, redis, ledger }: Awaited<ReturnType<typeof accountStatus>>) {
  const { health, ...queues } = redis;
  const account = config.accountId === null ? {} : { account: config.accountId, accountNo: maskedAccountNo(config) };
  return { ...account, kisEnv: config.kisEnv, ...ledger, health, redis: queues };
}

export const command: Command = {
  async run(args) {
    const { values } = parseCommandArgs(args, {
      json: { type: "boolean", default: false },
      prefix: { type: "string" },
      account: { type: "string", multiple: true },
      help: { type: "boolean", short: "h", default: false },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const { base, accounts } = loadSelectedAccounts(process.env, accountIds(values.account));
    const statuses = [];
    for (const config of accounts) statuses.push(await accountStatus(config, values.prefix));
    // With ACCOUNTS_FILE one entry per account; without it the one account's document, as before.
    if (values.json) printJson(base.accountsFile ? statuses.map(asJson) : asJson(statuses[0] as (typeof statuses)[number]));
    else
      for (const { config, redis, ledger } of statuses) {
        if (config.accountId !== null) console.log(`\n=== account ${config.accountId} (${maskedAccountNo(config)}) ===`);
        printHuman(redis, ledger, config.kisEnv);
      }
    return 0;
  },
};
