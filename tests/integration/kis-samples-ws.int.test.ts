/**
 * The official samples' WebSocket client against a default-started simulator: a stdlib replica of
 * kis_auth.KISWebSocket (tests/integration/python/kis-sample-ws.py) takes its approval key,
 * subscribes as domestic_stock_examples_ws.py does (tests/fixtures/kis-samples/ws.json), answers
 * PINGPONG, and reads every frame the way the samples do, decrypting execution notices with the
 * key and iv of the subscribe answer. The market moves and a buy fills while it listens; once with
 * real tr_ids (H0STCNI0, TTTC0012U), once as env_dv "demo" (H0STCNI9, VTTC0012U).
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromKst, ManualClock } from "../../core/clock.js";
import { startSimulator, type SimulatorHandle } from "../../sim/index.js";

const SCRIPT = fileURLToPath(new URL("./python/kis-sample-ws.py", import.meta.url));
const HAS_TOOLS = spawnSync("python3", ["--version"]).status === 0 && spawnSync("openssl", ["version"]).status === 0;
const APP_KEY = "PSwsConformanceAppKey000000000000000";
const APP_SECRET = "ws-conformance-secret".repeat(8);
const HTS_ID = "kisagent01";
const [CANO, ACNT_PRDT_CD] = ["73000001", "01"];
const SYMBOL = "005930";
const DAY = "20261123";

interface FeedReport {
  frames: number;
  records: number;
  maxPerFrame: number;
  columns: number;
  fieldsPerRecord: number[];
  leftovers: unknown[];
  /** how many leading fields the samples' read_csv put in the row index, per frame */
  dataframeIndexFields: number[];
  /** whether the one row of the samples' DataFrame was the frame's last record, every frame */
  dataframeIsLastRecord: boolean;
  last: Record<string, string> | null;
}
interface Answer {
  tr_id: string;
  tr_key: string;
  isOk: boolean;
  msg_cd: string;
  encrypt: string;
  keyIv: boolean;
}
interface Report {
  answers: Answer[];
  pings: number;
  serverClosed: number | null;
  feeds: Record<string, FeedReport>;
  notices: Array<Record<string, string>>;
  unexpected: string[];
}
interface Progress {
  tr_id: string;
  count: number;
  encrypted: boolean;
  /** execution notices: the quantity their fill records carry */
  filled?: number;
}
const SAMPLES = JSON.parse(readFileSync(new URL("../fixtures/kis-samples/ws.json", import.meta.url), "utf8")) as {
  subscriptions: Array<[string, string]>;
  feeds: Record<string, { columns: string[]; encrypted: boolean }>;
};
/** A real or a paper run of the samples: env_dv, the notice tr_id it registers, the order tr_id its buy sends. */
interface Env {
  envDv: "real" | "demo";
  notices: "H0STCNI0" | "H0STCNI9";
  buy: "TTTC0012U" | "VTTC0012U";
}
const REAL: Env = { envDv: "real", notices: "H0STCNI0", buy: "TTTC0012U" };
const PAPER: Env = { envDv: "demo", notices: "H0STCNI9", buy: "VTTC0012U" };

/** Feeds that must have spoken before the client is stopped (H0STANC0 speaks only in auctions). */
function until(env: Env): Record<string, (p: Progress[]) => boolean> {
  return {
    H0STCNT0: (p) => p.some((x) => x.count > 1),
    [env.notices]: (p) => p.reduce((q, x) => q + (x.filled ?? 0), 0) >= 3,
    ...Object.fromEntries(
      ["H0STASP0", "H0NXCNT0", "H0UNCNT0", "H0NXASP0", "H0UNASP0", "H0STMKO0", "H0UPCNT0"].map((trId) => [
        trId,
        (p: Progress[]) => p.length > 0,
      ]),
    ),
  };
}

async function post(
  sim: SimulatorHandle,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(sim.restUrl + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** A buy of 3 at the upper limit through REST with the listening client's app key: it fills at once. */
async function buyThatFills(sim: SimulatorHandle, env: Env): Promise<void> {
  const token = await post(sim, "/oauth2/tokenP", { grant_type: "client_credentials", appkey: APP_KEY, appsecret: APP_SECRET });
  const headers = { authorization: `Bearer ${String(token.access_token)}`, appkey: APP_KEY, appsecret: APP_SECRET, custtype: "P" };
  const upper = sim.exchange.symbol(SYMBOL)!.upperLimitKrw;
  const order = await post(
    sim,
    "/uapi/domestic-stock/v1/trading/order-cash",
    { CANO, ACNT_PRDT_CD, PDNO: SYMBOL, ORD_DVSN: "00", ORD_QTY: "3", ORD_UNPR: String(upper) },
    { ...headers, tr_id: env.buy },
  );
  expect(order.rt_cd, JSON.stringify(order)).toBe("0");
}

/** Runs the client: `drive` once it is subscribed, stdin closed once every feed of `until` has spoken. */
async function listen(sim: SimulatorHandle, env: Env, drive: () => Promise<void>): Promise<{ report: Report; progress: Progress[] }> {
  const child = spawn("python3", [SCRIPT, sim.restUrl, sim.wsUrl, APP_KEY, APP_SECRET, HTS_ID, env.envDv], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const progress: Progress[] = [];
  const stderr: string[] = [];
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the client did not hear every feed: ${JSON.stringify(missing())}\n${stderr.slice(-5).join("\n")}`)),
      60_000,
    );
    const missing = () =>
      Object.entries(until(env))
        .filter(([trId, ok]) => !ok(progress.filter((p) => p.tr_id === trId)))
        .map(([trId]) => trId);
    createInterface({ input: child.stderr }).on("line", (line) => {
      if (line === "subscribed") void drive().catch(reject);
      else if (line.startsWith("{")) progress.push(JSON.parse(line) as Progress);
      else stderr.push(line);
      if (missing().length === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`the client exited early (${code}): ${stderr.join("\n")}`)));
  });
  try {
    await done;
  } finally {
    child.stdin.end();
  }
  expect(await exited, stderr.join("\n")).toBe(0);
  return { report: JSON.parse(stdout) as Report, progress };
}

describe.skipIf(!HAS_TOOLS).each([REAL, PAPER])(
  "the official samples' WebSocket client (env_dv $envDv) against a default-started simulator",
  (env) => {
    /** The fixture's tr_id for one the client sent: the paper notice tr_id is H0STCNI0's demo one. */
    const fixtureTrId = (trId: string) => (trId === env.notices ? "H0STCNI0" : trId);
    let sim: SimulatorHandle;
    let report: Report;
    let progress: Progress[];
    beforeAll(async () => {
      const clock = new ManualClock(fromKst(DAY, "100000"));
      // No rateLimitPerSec: KIS's own limits. PINGPONG every second, so the client answers some.
      sim = await startSimulator({ clock, seed: 11, pingIntervalMs: 1_000 });
      ({ report, progress } = await listen(sim, env, async () => {
        clock.set(fromKst(DAY, "100200"));
        await buyThatFills(sim, env);
      }));
    }, 90_000);
    afterAll(async () => {
      await sim.close();
    });

    it("answers every subscription as the samples expect, the notice one encrypted with its key and iv", () => {
      const sent = SAMPLES.subscriptions.map(([trId, key]) => [trId === "H0STCNI0" ? env.notices : trId, key.replace("{HTS_ID}", HTS_ID)]);
      expect(report.answers.map((a) => [a.tr_id, a.tr_key])).toEqual(sent);
      expect(report.answers.filter((a) => !a.isOk || a.msg_cd !== "OPSP0000")).toEqual([]);
      for (const a of report.answers) {
        expect(a.encrypt, a.tr_id).toBe(SAMPLES.feeds[fixtureTrId(a.tr_id)]!.encrypted ? "Y" : "N");
        expect(a.keyIv, a.tr_id).toBe(true);
      }
      expect(report.unexpected).toEqual([]);
    });

    it("decodes trade, order-book and execution-notice records with exactly the samples' column counts", () => {
      const heard = Object.keys(until(env));
      const decoded = heard.map((trId) => {
        const feed = report.feeds[trId]!;
        return { trId, some: feed.records > 0, fieldsPerRecord: feed.fieldsPerRecord, leftovers: feed.leftovers.length };
      });
      expect(decoded).toEqual(
        heard.map((trId) => ({ trId, some: true, fieldsPerRecord: [SAMPLES.feeds[fixtureTrId(trId)]!.columns.length], leftovers: 0 })),
      );
      const trade = report.feeds.H0STCNT0!.last!;
      expect([SYMBOL, "000660"]).toContain(trade.MKSC_SHRN_ISCD);
      expect(trade.BSOP_DATE).toBe(DAY);
      expect(Number(trade.STCK_PRPR)).toBeGreaterThan(0);
      const book = report.feeds.H0STASP0!.last!;
      expect(Number(book.ASKP1)).toBeGreaterThan(Number(book.BIDP1));
    });

    it("splits frames of several trades into whole records, which the samples' DataFrame reads as its last record", () => {
      const trades = report.feeds.H0STCNT0!;
      expect(trades.maxPerFrame).toBeGreaterThan(1);
      expect(trades.records).toBe(progress.filter((p) => p.tr_id === "H0STCNT0").reduce((n, p) => n + p.count, 0));
      // read_csv with 46 names over k × 46 fields: one row, the first (k − 1) × 46 fields its index.
      expect(trades.dataframeIndexFields.some((n) => n > 0)).toBe(true);
      expect(trades.dataframeIndexFields.every((n) => n % trades.columns === 0)).toBe(true);
      expect(trades.dataframeIsLastRecord).toBe(true);
    });

    it("decrypts the execution notices: the order accepted, then filled, under the HTS id it registered", () => {
      const mine = report.notices.filter((n) => n.STCK_SHRN_ISCD === SYMBOL);
      expect(mine.map((n) => n.CNTG_YN)).toEqual(["1", ...mine.slice(1).map(() => "2")]);
      expect(mine.every((n) => n.CUST_ID === HTS_ID && n.ACNT_NO === CANO + ACNT_PRDT_CD)).toBe(true);
      const filled = mine.filter((n) => n.CNTG_YN === "2").reduce((q, n) => q + Number(n.CNTG_QTY), 0);
      expect(filled).toBe(3);
    });

    it("keeps the session through the samples' PINGPONG answers (pong frames) until the client closes", () => {
      expect(report.pings).toBeGreaterThan(0);
      expect(report.serverClosed).toBeNull();
    });
  },
);
