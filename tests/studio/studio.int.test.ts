/**
 * langgraph.json through the LangGraph dev server, as Studio drives it: the real CLI on a free
 * loopback port with a temp DATA_DIR, the in-process simulator behind the graph, the real
 * ChatOpenAI client against a scripted mock, and the SDK for assistants, runs, state and history.
 */
import { Client } from "@langchain/langgraph-sdk";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLlmMock, type LlmMockServer, type MockReply } from "../../testkit/llm-mock-server.js";
import { TEST_LLM_KEY, marketBuy, planJson } from "../fakes/trading-harness.js";
import { freePort } from "../../testkit/free-port.js";
import { openDatabase } from "../../db/database.js";
import { createRunContextRepo } from "../../db/run-context-repo.js";
import { createRunContext } from "../../nodes/run-context.js";

const CLI = "node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs";
const CONFIGURED_GRAPHS = Object.keys(
  (JSON.parse(readFileSync("langgraph.json", "utf8")) as { graphs: Record<string, string> }).graphs,
).sort();

interface TradingValues {
  runId: string;
  report: string;
  decision: { actions: unknown[] } | null;
  approval: { required: boolean; decision: string } | null;
  executions: Array<{ symbol: string; side: string; quantity: number; status: string }>;
}

let server: ChildProcess;
let output = "";
let dataDir: string;
let mock: LlmMockServer;
let reply: MockReply = { kind: "content", text: planJson([]) };
let client: Client<TradingValues>;
let apiUrl: string;

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`dev server exited:\n${output}`);
    if (
      await fetch(`${url}/ok`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`dev server not ready after ${timeoutMs} ms:\n${output}`);
}

beforeAll(async () => {
  // Each trading run investigates: one quote, then a note (the turns alternate).
  let turn = 0;
  const investigation = (): MockReply =>
    turn++ % 2 === 0
      ? { kind: "tools", calls: [{ name: "get_quote", args: { symbol: "005930" } }] }
      : { kind: "content", text: "005930 확인" };
  mock = await startLlmMock("openai", () => reply, investigation);
  dataDir = mkdtempSync(join(tmpdir(), "kis-studio-"));
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    KIS_ENV: "sim",
    KIS_SIM_START: "2026-11-23T10:00:00+09:00",
    WATCHLIST: "005930,000660,035420",
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: TEST_LLM_KEY,
    OPENAI_BASE_URL: mock.baseUrl,
    LLM_MAX_RETRIES: "0",
    APPROVAL_MODE: "always",
    LOG_LEVEL: "warn",
    LANGGRAPH_CLI_NO_ANALYTICS: "1",
    LANGSMITH_TRACING: "false",
  };
  server = spawn(process.execPath, [CLI, "dev", "--no-browser", "--no-reload", "--port", String(port), "--host", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  apiUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(apiUrl, 60_000);
  client = new Client<TradingValues>({ apiUrl });
}, 90_000);

afterAll(async () => {
  // The dev server snapshots threads into .langgraph_api/; leave nothing of this test behind.
  await fetch(`${apiUrl}/internal/truncate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ runs: true, threads: true, checkpointer: true, store: true }),
  }).catch(() => undefined);
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await mock?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("LangGraph dev server over langgraph.json", () => {
  it("lists every configured graph as an assistant", async () => {
    const assistants = await client.assistants.search({ limit: 20 });
    expect([...new Set(assistants.map((a) => a.graph_id))].sort()).toEqual(CONFIGURED_GRAPHS);
    expect(CONFIGURED_GRAPHS).toEqual(["reflection", "trading"]);
  });

  it("builds every graph on demand and serves its nodes", async () => {
    const firstNodes: Record<string, string> = { trading: "diagnose", reflection: "aggregate" };
    for (const assistant of await client.assistants.search({ limit: 20 })) {
      const drawn = await client.assistants.getGraph(assistant.assistant_id);
      expect(drawn.nodes.map((n) => n.id)).toContain(firstNodes[assistant.graph_id]);
      // The investigation loop is drawn as its own nodes in both graphs.
      expect(drawn.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["investigate", "tools"]));
    }
  });

  it("runs the trading graph to completion and serves its state and history", async () => {
    reply = { kind: "content", text: planJson([]) };
    const thread = await client.threads.create();
    const values = await client.runs.wait(thread.thread_id, "trading", { input: { runId: "studio-hold" } });
    expect(values).toMatchObject({ runId: "studio-hold", decision: { actions: [] }, executions: [] });

    const state = await client.threads.getState<TradingValues>(thread.thread_id);
    expect(state.next).toEqual([]);
    expect(state.values.report).toContain("run studio-hold");
    const history = await client.threads.getHistory<TradingValues>(thread.thread_id, { limit: 50 });
    const visited = new Set(history.flatMap((h) => h.next));
    for (const node of ["diagnose", "analyze", "investigate", "tools", "plan", "record"]) expect(visited).toContain(node);
    // The state names the investigation's turns; the server's runtime stored them in its database.
    const { transcript } = state.values as TradingValues & { transcript: string[] };
    expect(transcript.length).toBeGreaterThan(1);
    const db = openDatabase(join(dataDir, "kis-agent.sim.sqlite"));
    try {
      const context = createRunContext(createRunContextRepo(db), () => 0);
      const messages = context.transcript({ runId: "studio-hold", transcript });
      expect(messages.some((m) => m.getType() === "tool")).toBe(true);
    } finally {
      db.close();
    }
    expect(mock.requests.length).toBeGreaterThan(0);
  });

  it("stops at the approval interrupt and resumes to an order at the simulator", async () => {
    reply = { kind: "content", text: planJson([marketBuy("005930", 1)]) };
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "trading", { input: { runId: "studio-approve" } });

    const waiting = await client.threads.getState<TradingValues>(thread.thread_id);
    expect(waiting.next).toEqual(["approve"]);
    expect((await client.threads.get(thread.thread_id)).status).toBe("interrupted");
    const request = waiting.tasks[0]?.interrupts[0]?.value as { orders: Array<{ symbol: string; quantity: number }> } | undefined;
    expect(request?.orders).toEqual([expect.objectContaining({ symbol: "005930", quantity: 1 })]);

    await client.runs.wait(thread.thread_id, "trading", { command: { resume: { approve: true, note: "ok from Studio" } } });
    const resumed = (await client.threads.getState<TradingValues>(thread.thread_id)).values;
    expect(resumed.approval).toMatchObject({ required: true, decision: "approved" });
    expect(resumed.executions).toEqual([
      expect.objectContaining({ symbol: "005930", side: "buy", quantity: 1, status: expect.stringMatching(/ACKED|FILLED/) }),
    ]);
    expect((await client.threads.get(thread.thread_id)).status).toBe("idle");
  });
});
