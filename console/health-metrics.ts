/**
 * GET /healthz and GET /metrics. The health report is the one `kis-agent status` shows (the health
 * job's last report in Redis); metrics are read from the ledger, that report and the queues on
 * every scrape, so they are right whichever process did the work. Neither carries a secret.
 */
import { Redis } from "ioredis";
import { Gauge, Registry } from "prom-client";
import { formatKstIso } from "../core/clock.js";
import { readHealthReport } from "../jobs/health-report.js";
import { readHeartbeats, type ProcessStatus } from "../jobs/heartbeat.js";
import { closeQueues, createQueues, QUEUE_NAMES, type Queues } from "../jobs/queues.js";
import type { HealthOutcome } from "../runtime/health-monitor.js";
import { redisAnswers } from "../runtime/redis.js";
import type { ConsoleContext } from "./context.js";

const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;
const TICK_WINDOW_MS = 60_000;

export interface HealthSource {
  /** the last report, or null before the first or when Redis does not answer */
  report(): Promise<(HealthOutcome & { checkedAt: string }) | null>;
  queueDepth(): Promise<Record<string, Record<string, number>>>;
  /** the running `start` processes with their feed registrations */
  processes(): Promise<ProcessStatus[]>;
  close(): Promise<void>;
}

/** Redis for the report and the queues, connected on first use; a Redis that is down reads as nothing. */
export function createHealthSource(ctx: ConsoleContext): HealthSource {
  let redis: Redis | undefined;
  let queues: Queues | undefined;
  const url = URL.canParse(ctx.config.redisUrl) ? new URL(ctx.config.redisUrl) : undefined;
  // Asked first, so a Redis that is down answers "nothing" at once instead of after client retries.
  const up = async () => url !== undefined && redisAnswers(url.hostname || "127.0.0.1", Number(url.port || 6379));
  const client = () => (redis ??= new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1 }));
  return {
    async report() {
      const found = (await up()) ? await readHealthReport<HealthOutcome>(client(), ctx.prefix).catch(() => undefined) : undefined;
      return found ? { ...found, checkedAt: formatKstIso(found.checkedAtMs) } : null;
    },
    async processes() {
      return (await up()) ? readHeartbeats(client(), ctx.prefix).catch(() => []) : [];
    },
    async queueDepth() {
      if (!(await up())) return {};
      queues ??= createQueues({ url: ctx.config.redisUrl }, ctx.prefix);
      const q = queues;
      const entries = await Promise.all(
        QUEUE_NAMES.map(async (name) => [name, await q[name].getJobCounts(...QUEUE_STATES).catch(() => ({}))] as const),
      );
      return Object.fromEntries(entries);
    },
    async close() {
      if (queues) await closeQueues(queues).catch(() => undefined);
      await redis?.quit().catch(() => undefined);
    },
  };
}

type Row = Record<string, string | number>;

/** A gauge whose value is recomputed on every scrape. */
function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<Array<[Row, number]>> | Array<[Row, number]>,
) {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [labels, value] of await read()) this.set(labels, value);
    },
  });
}

export function createMetrics(ctx: ConsoleContext, health: HealthSource): Registry {
  const registry = new Registry();
  const all = <T>(sql: string) => ctx.db.prepare<[], T>(sql).all();
  gauge(registry, "kis_agent_runs", "graph runs in the ledger by graph and status", ["graph", "status"], () =>
    all<{ graph: string; status: string; n: number }>("SELECT graph, status, COUNT(*) AS n FROM graph_runs GROUP BY graph, status").map(
      (r) => [{ graph: r.graph, status: r.status }, r.n],
    ),
  );
  gauge(registry, "kis_agent_orders", "order intents by status", ["status"], () =>
    all<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM order_intents GROUP BY status").map((r) => [
      { status: r.status },
      r.n,
    ]),
  );
  gauge(registry, "kis_agent_fills", "fills recorded (execution notices and polls)", [], () => [
    [{}, all<{ n: number }>("SELECT COUNT(*) AS n FROM fills")[0]?.n ?? 0],
  ]);
  gauge(registry, "kis_agent_llm_tokens", "LLM tokens by direction", ["direction"], () => {
    const r = all<{ i: number; o: number }>(
      "SELECT COALESCE(SUM(input_tokens), 0) AS i, COALESCE(SUM(output_tokens), 0) AS o FROM llm_calls",
    )[0];
    return [
      [{ direction: "input" }, r?.i ?? 0],
      [{ direction: "output" }, r?.o ?? 0],
    ];
  });
  gauge(registry, "kis_agent_llm_cost_usd", "LLM cost in US dollars", [], () => [
    [{}, (all<{ c: number }>("SELECT COALESCE(SUM(cost_usd_micros), 0) AS c FROM llm_calls")[0]?.c ?? 0) / 1e6],
  ]);
  gauge(registry, "kis_agent_trading_halted", "1 while trading is HALTED", [], () => [
    [{}, ctx.repos.tradingState.get().state === "HALTED" ? 1 : 0],
  ]);
  gauge(registry, "kis_agent_ticks_per_second", "recorded ticks per second over the last minute of ticks", [], () => {
    const r = all<{ n: number }>(`SELECT COUNT(*) AS n FROM ticks WHERE time_ms > (SELECT MAX(time_ms) FROM ticks) - ${TICK_WINDOW_MS}`)[0];
    return [[{}, (r?.n ?? 0) / (TICK_WINDOW_MS / 1_000)]];
  });
  const api = async () => Object.entries((await health.report())?.api?.byTrId ?? {});
  gauge(
    registry,
    "kis_agent_kis_calls",
    "KIS REST calls by tr_id over the health window (the health job's last report)",
    ["tr_id"],
    async () => (await api()).map(([trId, c]) => [{ tr_id: trId }, c.calls]),
  );
  gauge(registry, "kis_agent_kis_errors", "KIS REST failures by tr_id over the health window", ["tr_id"], async () =>
    (await api()).map(([trId, c]) => [{ tr_id: trId }, c.errors]),
  );
  gauge(registry, "kis_agent_queue_jobs", "BullMQ jobs by queue and state", ["queue", "state"], async () =>
    Object.entries(await health.queueDepth()).flatMap(([queue, counts]) =>
      Object.entries(counts).map(([state, n]): [Row, number] => [{ queue, state }, n]),
    ),
  );
  return registry;
}
