/**
 * Loopback servers that speak the OpenAI chat-completions and Google generateContent wire formats,
 * answering from a script, so the real LangChain clients are exercised with no network. Requests
 * that offer tools (the investigation loop) answer from a second script, so the decision script
 * stays the same whether or not the model investigates first.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type MockReply =
  | { kind: "content"; text: string; inputTokens?: number; outputTokens?: number }
  | { kind: "status"; status: number; body?: string }
  | { kind: "hang" }
  /** tool calls (several = parallel); `args` as a string is sent raw, e.g. broken JSON (OpenAI only) */
  | { kind: "tools"; calls: Array<{ name: string; args: unknown }>; text?: string; inputTokens?: number; outputTokens?: number };

/** What an investigation request gets when no tool script is given: a note and no tool call. */
const NO_INVESTIGATION: MockReply = { kind: "content", text: "조사할 것이 없습니다." };

type ToolCallReply = Extract<MockReply, { kind: "tools" }>;

export interface LlmMockServer {
  /** OpenAI: http://127.0.0.1:PORT/v1 — Google: http://127.0.0.1:PORT */
  baseUrl: string;
  /** parsed JSON request bodies, in order */
  requests: Array<Record<string, unknown>>;
  /** headers of each request, in order */
  headers: IncomingMessage["headers"][];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => resolve(body));
  });
}

const openAiToolCalls = (reply: ToolCallReply, serial: number) =>
  reply.calls.map((c, i) => ({
    id: `call_${serial}_${i}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) },
  }));

/** Each answer has its own id, as real servers give: LangGraph's message reducer replaces messages by id. */
function openAiBody(id: string, text: string, input: number, output: number, toolCalls?: unknown[]): unknown {
  return {
    id,
    object: "chat.completion",
    created: 0,
    model: "mock",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls ? "tool_calls" : "stop",
      },
    ],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}

function googleBody(text: string, input: number, output: number, calls?: ToolCallReply["calls"]): unknown {
  const parts = [...(text ? [{ text }] : []), ...(calls ?? []).map((c) => ({ functionCall: { name: c.name, args: c.args } }))];
  return {
    candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output },
  };
}

/** The same answer as OpenAI's server-sent events, for clients that stream (the LangGraph API server makes them). */
function openAiStream(
  id: string,
  text: string,
  input: number,
  output: number,
  toolCalls?: Array<{ id: string; type: string; function: unknown }>,
): string {
  const chunk = (choices: unknown[], usage: unknown = null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: "mock", choices, usage })}\n\n`;
  return [
    chunk([
      {
        index: 0,
        delta: { role: "assistant", content: text, ...(toolCalls ? { tool_calls: toolCalls.map((c, index) => ({ index, ...c })) } : {}) },
        finish_reason: null,
      },
    ]),
    chunk([{ index: 0, delta: {}, finish_reason: toolCalls ? "tool_calls" : "stop" }]),
    chunk([], { prompt_tokens: input, completion_tokens: output, total_tokens: input + output }),
    "data: [DONE]\n\n",
  ].join("");
}

type Script = MockReply[] | ((request: Record<string, unknown>) => MockReply);

/** Replies in order, the last one repeating; or whatever the function answers to each request. */
function player(script: Script): (request: Record<string, unknown>) => MockReply {
  let call = 0;
  return (request) =>
    typeof script === "function" ? script(request) : (script[Math.min(call++, script.length - 1)] ?? { kind: "status", status: 500 });
}

const offersTools = (request: Record<string, unknown>) => Array.isArray(request.tools) && request.tools.length > 0;

export async function startLlmMock(
  flavour: "openai" | "google",
  script: Script,
  toolScript: Script = [NO_INVESTIGATION],
): Promise<LlmMockServer> {
  const requests: Array<Record<string, unknown>> = [];
  const headers: IncomingMessage["headers"][] = [];
  const hanging: ServerResponse[] = [];
  let serial = 0;
  const nextDecision = player(script);
  const nextInvestigation = player(toolScript);
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const request = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      requests.push(request);
      headers.push(req.headers);
      const reply = offersTools(request) ? nextInvestigation(request) : nextDecision(request);
      if (reply.kind === "hang") return void hanging.push(res);
      if (reply.kind === "status") {
        res.writeHead(reply.status, { "content-type": "application/json" });
        return void res.end(reply.body ?? JSON.stringify({ error: { message: "mock failure", type: "server_error" } }));
      }
      const text = reply.kind === "tools" ? (reply.text ?? "") : reply.text;
      const [input, output] = [reply.inputTokens ?? 100, reply.outputTokens ?? 20];
      const id = `chatcmpl-mock-${++serial}`;
      const toolCalls = reply.kind === "tools" ? openAiToolCalls(reply, serial) : undefined;
      if (flavour === "openai" && request.stream === true) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        return void res.end(openAiStream(id, text, input, output, toolCalls));
      }
      const payload =
        flavour === "openai"
          ? openAiBody(id, text, input, output, toolCalls)
          : googleBody(text, input, output, reply.kind === "tools" ? reply.calls : undefined);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: flavour === "openai" ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`,
    requests,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
