/**
 * Loopback servers that speak the OpenAI chat-completions and Google generateContent wire formats,
 * answering from a script, so the real LangChain clients are exercised with no network.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type MockReply =
  | { kind: "content"; text: string; inputTokens?: number; outputTokens?: number }
  | { kind: "status"; status: number; body?: string }
  | { kind: "hang" };

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

function openAiBody(text: string, input: number, output: number): unknown {
  return {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 0,
    model: "mock",
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}

function googleBody(text: string, input: number, output: number): unknown {
  return {
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output },
  };
}

/** The same answer as OpenAI's server-sent events, for clients that stream (the LangGraph API server makes them). */
function openAiStream(text: string, input: number, output: number): string {
  const chunk = (choices: unknown[], usage: unknown = null) =>
    `data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 0, model: "mock", choices, usage })}\n\n`;
  return [
    chunk([{ index: 0, delta: { role: "assistant", content: text }, finish_reason: null }]),
    chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
    chunk([], { prompt_tokens: input, completion_tokens: output, total_tokens: input + output }),
    "data: [DONE]\n\n",
  ].join("");
}

export async function startLlmMock(flavour: "openai" | "google", script: MockReply[] | (() => MockReply)): Promise<LlmMockServer> {
  const requests: Array<Record<string, unknown>> = [];
  const headers: IncomingMessage["headers"][] = [];
  const hanging: ServerResponse[] = [];
  let call = 0;
  const next = (): MockReply => (typeof script === "function" ? script() : (script[Math.min(call++, script.length - 1)] ?? { kind: "status", status: 500 }));
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const request = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      requests.push(request);
      headers.push(req.headers);
      const reply = next();
      if (reply.kind === "hang") return void hanging.push(res);
      if (reply.kind === "status") {
        res.writeHead(reply.status, { "content-type": "application/json" });
        return void res.end(reply.body ?? JSON.stringify({ error: { message: "mock failure", type: "server_error" } }));
      }
      if (flavour === "openai" && request.stream === true) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        return void res.end(openAiStream(reply.text, reply.inputTokens ?? 100, reply.outputTokens ?? 20));
      }
      const payload = flavour === "openai" ? openAiBody(reply.text, reply.inputTokens ?? 100, reply.outputTokens ?? 20) : googleBody(reply.text, reply.inputTokens ?? 100, reply.outputTokens ?? 20);
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
