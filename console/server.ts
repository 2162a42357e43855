/**
 * The web console's HTTP server (Fastify): one HTML shell for every page, a JSON API under /api,
 * server-sent events for the Live page, /healthz and /metrics, and the page's assets — its own
 * script and style plus uPlot and diff2html served from node_modules (nothing from a CDN; the
 * Content-Security-Policy forbids any other origin). Every answer passes a last filter that masks
 * the configured secrets, so a value that slipped into the ledger still never leaves.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { readFileSync } from "node:fs";
import { maskedAccountNo } from "../core/accounts.js";
import { AppError, isAppError, errorMessage } from "../core/errors.js";
import { answerRun, decidePrompt, haltTrading } from "./actions.js";
import { createAuthHook } from "./auth.js";
import type { ConsoleContext } from "./context.js";
import { createHealthSource, createMetrics } from "./health-metrics.js";
import { liveSnapshot } from "./live-view.js";
import { overview } from "./overview-view.js";
import { listPrompts, promptDetail } from "./prompts-view.js";
import { listRuns, runDetail } from "./runs-view.js";
import { listTrades, tradesCsv, type TradeFilter } from "./trades-view.js";

const PAGES = ["/", "/runs", "/runs/:id", "/prompts", "/prompts/:version", "/trades", "/live"];
const LIVE_INTERVAL_MS = 2_000;

const ASSETS: Record<string, { file: URL; type: string }> = {
  "app.js": { file: new URL("./public/app.js", import.meta.url), type: "text/javascript" },
  "app.css": { file: new URL("./public/app.css", import.meta.url), type: "text/css" },
  "uPlot.js": { file: new URL("../node_modules/uplot/dist/uPlot.iife.min.js", import.meta.url), type: "text/javascript" },
  "uPlot.css": { file: new URL("../node_modules/uplot/dist/uPlot.min.css", import.meta.url), type: "text/css" },
  "diff2html.js": { file: new URL("../node_modules/diff2html/bundles/js/diff2html.min.js", import.meta.url), type: "text/javascript" },
  "diff2html.css": { file: new URL("../node_modules/diff2html/bundles/css/diff2html.min.css", import.meta.url), type: "text/css" },
};

const SHELL = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>kis-agent console</title>
<link rel="stylesheet" href="/assets/uPlot.css"><link rel="stylesheet" href="/assets/diff2html.css"><link rel="stylesheet" href="/assets/app.css">
</head><body><header id="nav"></header><main id="main"></main>
<script src="/assets/uPlot.js"></script><script src="/assets/diff2html.js"></script><script src="/assets/app.js"></script>
</body></html>`;

const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

export interface ConsoleServerOptions {
  token: string;
  /** values no answer may contain: app key and secret, LLM key, alert receiver URLs, tokens */
  secrets: Array<string | undefined>;
}

function mask(payload: string, secrets: readonly string[]): string {
  let out = payload;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[REDACTED]");
  return out;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function tradeFilter(q: Record<string, unknown>): TradeFilter {
  const date = (v: unknown) => str(v)?.replace(/-/g, "");
  const f = {
    symbol: str(q["symbol"]),
    action: str(q["action"]),
    status: str(q["status"]),
    runId: str(q["run"]),
    from: date(q["from"]),
    to: date(q["to"]),
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as TradeFilter;
}

function locale(header: string | undefined): "ko" | "en" {
  return (header ?? "").toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** Streams the Live page's snapshot every LIVE_INTERVAL_MS until the page goes away. */
function streamLive(ctx: ConsoleContext, reply: FastifyReply, health: ReturnType<typeof createHealthSource>): void {
  reply.hijack();
  reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
  const send = async () => {
    const data = await liveSnapshot(ctx, health).catch((err: unknown) => ({ error: errorMessage(err) }));
    reply.raw.write(`event: snapshot\ndata: ${JSON.stringify(data)}\n\n`);
  };
  void send();
  const timer = setInterval(() => void send(), LIVE_INTERVAL_MS);
  reply.raw.on("close", () => clearInterval(timer));
}

/** One account's context with its health source and metrics. */
interface AccountView {
  ctx: ConsoleContext;
  health: ReturnType<typeof createHealthSource>;
  metrics: ReturnType<typeof createMetrics>;
}

/**
 * The account a request is about: `?account=ID` (ACCOUNTS_FILE), else the first (the only one
 * without the file); an unknown id is NOT_FOUND.
 */
function accountPicker(views: AccountView[]) {
  return (req: { query: unknown }): AccountView => {
    const id = str((req.query as Record<string, unknown> | undefined)?.["account"]);
    const view = id === undefined ? views[0] : views.find((v) => v.ctx.config.accountId === id);
    if (!view) throw new AppError("NOT_FOUND", `No account ${id}`);
    return view;
  };
}

async function healthz(views: AccountView[]) {
  const reports = await Promise.all(
    views.map(async ({ ctx, health }) => ({
      ...(ctx.config.accountId === null ? {} : { account: ctx.config.accountId }),
      tradingState: ctx.repos.tradingState.get().state,
      health: await health.report(),
    })),
  );
  const ok = reports.every((r) => !r.health || r.health.ok);
  const kisEnv = views[0]?.ctx.config.kisEnv;
  return { ok, body: reports.length === 1 ? { kisEnv, ...reports[0] } : { kisEnv, accounts: reports } };
}

/** Every account of the console: its id, masked number and trading state, for the overview's list. */
function accountList(views: AccountView[]) {
  return views.map(({ ctx }) => ({
    id: ctx.config.accountId,
    accountNo: maskedAccountNo(ctx.config),
    tradingState: ctx.repos.tradingState.get().state,
  }));
}

/** `contexts`: one per account (ACCOUNTS_FILE), or the environment's one. */
export async function buildConsoleServer(contexts: ConsoleContext[], options: ConsoleServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const secrets = options.secrets.filter((s): s is string => typeof s === "string" && s.length >= 6);
  const views = contexts.map((ctx) => {
    const health = createHealthSource(ctx);
    return { ctx, health, metrics: createMetrics(ctx, health) };
  });
  const pick = accountPicker(views);
  const ctxOf = (req: { query: unknown }) => pick(req).ctx;
  app.addHook("onRequest", createAuthHook(options.token));
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("content-security-policy", CSP).header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer");
    return typeof payload === "string" ? mask(payload, secrets) : payload;
  });
  app.addHook("onClose", async () => void (await Promise.all(views.map((v) => v.health.close()))));
  app.setErrorHandler(async (err, _request, reply) => {
    const code = isAppError(err) ? err.code : undefined;
    const status = code === "NOT_FOUND" ? 404 : code === "DATA_INVALID" ? 400 : 500;
    await reply.code(status).send({ error: code ?? "INTERNAL", message: errorMessage(err) });
  });

  for (const page of PAGES) app.get(page, async (_req, reply) => reply.type("text/html; charset=utf-8").send(SHELL));
  app.get<{ Params: { name: string } }>("/assets/:name", async (req, reply) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return reply.code(404).send({ error: "NOT_FOUND" });
    return reply.type(asset.type).header("cache-control", "no-cache").send(readFileSync(asset.file, "utf8"));
  });

  app.get("/healthz", async (_req, reply) => {
    const { ok, body } = await healthz(views);
    return reply.code(ok ? 200 : 503).send(body);
  });
  app.get("/metrics", async (req, reply) => {
    const { metrics } = pick(req);
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  app.get("/api/session", async (req) => {
    const ctx = ctxOf(req);
    return { kisEnv: ctx.config.kisEnv, account: ctx.config.accountId, locale: locale(req.headers["accept-language"]) };
  });
  app.get("/api/accounts", async () => accountList(views));
  app.get("/api/overview", async (req) => overview(ctxOf(req)));
  app.post<{ Body: { reason?: string } | undefined }>("/api/halt", async (req) =>
    haltTrading(ctxOf(req), str(req.body?.reason) ?? "halted by operator (web console)"),
  );
  app.get<{ Querystring: Record<string, unknown> }>("/api/runs", async (req) => {
    const limit = Number(req.query["limit"] ?? 100);
    const filter = {
      graph: str(req.query["graph"]),
      status: str(req.query["status"]),
      trigger: str(req.query["trigger"]),
      q: str(req.query["q"]),
    };
    return listRuns(ctxOf(req).repos, {
      ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
      limit: Number.isInteger(limit) && limit > 0 ? limit : 100,
    });
  });
  app.get<{ Params: { id: string } }>("/api/runs/:id", async (req, reply) => {
    const ctx = ctxOf(req);
    return runDetail(ctx.db, ctx.repos, req.params.id) ?? reply.code(404).send({ error: "NOT_FOUND" });
  });
  app.post<{ Params: { id: string; answer: string }; Body: { note?: string } | undefined }>("/api/runs/:id/:answer", async (req, reply) => {
    if (req.params.answer !== "approve" && req.params.answer !== "reject") return reply.code(404).send({ error: "NOT_FOUND" });
    return answerRun(ctxOf(req), req.params.id, req.params.answer === "approve", str(req.body?.note));
  });
  app.get("/api/prompts", async (req) => listPrompts(ctxOf(req)));
  app.get<{ Params: { version: string } }>(
    "/api/prompts/:version",
    async (req, reply) => promptDetail(ctxOf(req), Number(req.params.version)) ?? reply.code(404).send({ error: "NOT_FOUND" }),
  );
  app.post<{ Params: { version: string; decision: string }; Body: { note?: string; confirm?: string } | undefined }>(
    "/api/prompts/:version/:decision",
    async (req, reply) => {
      const d = req.params.decision;
      if (d !== "approve" && d !== "reject" && d !== "rollback") return reply.code(404).send({ error: "NOT_FOUND" });
      const outcome = decidePrompt(ctxOf(req), d, Number(req.params.version), str(req.body?.note), str(req.body?.confirm));
      return reply.code(outcome.ok ? 200 : 409).send(outcome);
    },
  );
  app.get<{ Querystring: Record<string, unknown> }>("/api/trades", async (req) => listTrades(ctxOf(req).repos, tradeFilter(req.query)));
  app.get<{ Querystring: Record<string, unknown> }>("/api/trades.csv", async (req, reply) =>
    reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", 'attachment; filename="trades.csv"')
      .send(tradesCsv(listTrades(ctxOf(req).repos, tradeFilter(req.query)))),
  );
  app.get("/api/live", async (req, reply) => {
    const { ctx, health } = pick(req);
    streamLive(ctx, reply, health);
  });
  return app;
}
