/**
 * bench:llm-budget — per trading decision, with the investigation loop on: how many model calls,
 * tool calls and input tokens, on the default 20-symbol watchlist with 5 holdings. The real
 * ChatOpenAI client talks to a local OpenAI-compatible mock whose scripted model investigates like
 * a careful one would: the last 10 minute bars and 5 days of investor flows of two names in parallel, then recent ticks
 * and program flows of the first, then a note; the decision follows. Tokens are counted with the
 * o200k_base tokenizer (gpt-4o family) over exactly what the client sent — messages, tool calls,
 * tool schemas and the response format — summed over the decision's calls.
 * Gates per decision: ≤ 4 model calls, ≤ 12 tool calls, ≤ 12,000 input tokens.
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { runTrading } from "../runtime/trading.js";
import { startLlmMock, type MockReply } from "../testkit/llm-mock-server.js";
import type { BenchResult } from "./index.js";
import { runsArg, summarize } from "./naive/stats.js";
import { benchRuntime } from "./trading-fixture.js";

const HOLDINGS = ["005930", "000660", "005380", "035420", "105560"];
const EMPTY_PLAN = JSON.stringify({ actions: [], justification: "관망", riskAssessment: "낮음" });
const GATES = { calls: 4, toolCalls: 12, inputTokens: 12_000 };

/** The scripted investigator's three turns, repeated for every decision. */
const INVESTIGATION: MockReply[] = [
  {
    kind: "tools",
    text: "후보 두 종목의 분봉과 수급을 확인합니다.",
    calls: [
      { name: "get_minute_bars", args: { symbol: "068270", limit: 10 } },
      { name: "get_minute_bars", args: { symbol: "035720", limit: 10 } },
      { name: "get_investor_flows", args: { symbol: "068270", days: 5 } },
      { name: "get_investor_flows", args: { symbol: "035720", days: 5 } },
    ],
  },
  {
    kind: "tools",
    calls: [
      { name: "get_recent_ticks", args: { symbol: "068270", limit: 10 } },
      { name: "get_program_trades", args: { symbol: "068270" } },
      { name: "get_quote", args: { symbol: "005930" } },
    ],
  },
  { kind: "content", text: "068270: 분봉 상승, 외국인 순매수. 035720: 수급 약함. 보유 종목 이상 없음." },
];

interface ChatRequest {
  messages?: Array<{ content?: unknown; tool_calls?: unknown }>;
  tools?: unknown;
  response_format?: unknown;
}

/** Everything billed as input: message text, earlier tool calls, tool schemas, the response format. */
const billedText = (r: ChatRequest) =>
  (r.messages ?? []).map((m) => `${String(m.content ?? "")}${m.tool_calls ? JSON.stringify(m.tool_calls) : ""}`).join("\n") +
  JSON.stringify(r.tools ?? "") +
  JSON.stringify(r.response_format ?? "");

export async function run(args: string[]): Promise<BenchResult> {
  const decisions = runsArg(args, 5);
  let turn = 0;
  const mock = await startLlmMock(
    "openai",
    () => ({ kind: "content", text: EMPTY_PLAN }),
    () => INVESTIGATION[turn++ % INVESTIGATION.length] as MockReply,
  );
  const { rt, close } = await benchRuntime(
    { LLM_PROVIDER: "openai", OPENAI_API_KEY: "bench-key-000000", OPENAI_BASE_URL: mock.baseUrl, LLM_MAX_RETRIES: "0" },
    HOLDINGS,
  );
  const encoder = new Tiktoken(o200k);
  try {
    const calls: number[] = [];
    const toolCalls: number[] = [];
    const tokens: number[] = [];
    const failed: string[] = [];
    for (let i = 0; i < decisions; i++) {
      const before = mock.requests.length;
      const result = await runTrading(rt);
      if (result.status !== "succeeded" || result.planError)
        failed.push(`${result.runId}: ${result.error ?? result.planError ?? result.status}`);
      const sent = mock.requests.slice(before) as ChatRequest[];
      calls.push(sent.length);
      toolCalls.push(rt.repos.toolCalls.listByRun(result.runId).length);
      tokens.push(sent.reduce((sum, r) => sum + encoder.encode(billedText(r)).length, 0));
    }
    const held = (await rt.kis.getBalance()).holdings.length;
    const [maxCalls, maxTools, maxTokens] = [Math.max(...calls), Math.max(...toolCalls), Math.max(...tokens)];
    return {
      name: "llm-budget",
      pass:
        failed.length === 0 &&
        maxCalls <= GATES.calls &&
        maxTools <= GATES.toolCalls &&
        maxTokens <= GATES.inputTokens &&
        held === HOLDINGS.length &&
        maxTools > 0,
      decisions,
      callsPerDecision: summarize(calls, 0),
      toolCallsPerDecision: summarize(toolCalls, 0),
      inputTokensPerDecision: summarize(tokens, 0),
      gate: `per decision: calls <= ${GATES.calls}, tool calls <= ${GATES.toolCalls}, input tokens <= ${GATES.inputTokens}`,
      universe: rt.config.watchlist.length,
      holdings: held,
      tokenizer: "o200k_base",
      ...(failed.length > 0 ? { failed } : {}),
    };
  } finally {
    await close();
    await mock.close();
  }
}
