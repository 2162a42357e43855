/**
 * bench:llm-budget — per trading decision, how many model calls and how many input tokens, on the
 * default 20-symbol watchlist with 5 holdings. The real ChatOpenAI client talks to a local
 * OpenAI-compatible mock; tokens are counted with the o200k_base tokenizer (gpt-4o family) over
 * exactly the messages the client sent. Gates: ≤ 2 calls and ≤ 6,000 input tokens per decision.
 */
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { runTrading } from "../runtime/trading.js";
import { startLlmMock } from "../tests/fakes/llm-mock-server.js";
import type { BenchResult } from "./index.js";
import { runsArg, summarize } from "./naive/stats.js";
import { benchRuntime } from "./trading-fixture.js";

const HOLDINGS = ["005930", "000660", "005380", "035420", "105560"];
const EMPTY_PLAN = JSON.stringify({ actions: [], justification: "관망", riskAssessment: "낮음" });

interface ChatRequest {
  messages?: Array<{ content?: unknown }>;
  response_format?: unknown;
}

export async function run(args: string[]): Promise<BenchResult> {
  const decisions = runsArg(args, 5);
  const mock = await startLlmMock("openai", () => ({ kind: "content", text: EMPTY_PLAN }));
  const { rt, close } = await benchRuntime({ LLM_PROVIDER: "openai", OPENAI_API_KEY: "bench-key-000000", OPENAI_BASE_URL: mock.baseUrl, LLM_MAX_RETRIES: "0" }, HOLDINGS);
  const encoder = new Tiktoken(o200k);
  try {
    const calls: number[] = [];
    const tokens: number[] = [];
    let symbols = 0;
    for (let i = 0; i < decisions; i++) {
      const before = mock.requests.length;
      const result = await runTrading(rt);
      const sent = mock.requests.slice(before) as ChatRequest[];
      calls.push(sent.length);
      // Message text plus the JSON schema the client attaches: both are billed as input.
      tokens.push(...sent.map((r) => encoder.encode((r.messages ?? []).map((m) => String(m.content ?? "")).join("\n") + JSON.stringify(r.response_format ?? "")).length));
      symbols = Math.max(symbols, result.status === "succeeded" ? rt.config.watchlist.length : 0);
    }
    const held = (await rt.kis.getBalance()).holdings.length;
    const maxCalls = Math.max(...calls);
    const maxTokens = Math.max(...tokens);
    return {
      name: "llm-budget",
      pass: maxCalls <= 2 && maxTokens <= 6_000 && held === HOLDINGS.length && maxCalls > 0,
      decisions,
      callsPerDecision: summarize(calls, 0),
      inputTokensPerDecision: summarize(tokens, 0),
      gate: "calls <= 2 and input tokens <= 6000 per decision",
      universe: symbols,
      holdings: held,
      tokenizer: "o200k_base",
    };
  } finally {
    await close();
    await mock.close();
  }
}
