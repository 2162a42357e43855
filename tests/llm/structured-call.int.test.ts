import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createChatModel } from "../../llm/create-chat-model.js";
import { callStructured } from "../../llm/structured-call.js";
import { startLlmMock, type LlmMockServer, type MockReply } from "../../testkit/llm-mock-server.js";

const Verdict = z.object({ label: z.enum(["buy", "hold"]), confidence: z.number().min(0).max(1) });
const messages = [new SystemMessage("Decide."), new HumanMessage("005930 at 70,000")];

let mock: LlmMockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function callWith(flavour: "openai" | "google", replies: MockReply[], timeoutMs = 5_000) {
  mock = await startLlmMock(flavour, replies);
  const model = createChatModel({
    provider: flavour,
    model: flavour === "openai" ? "gpt-4o-mini" : "gemini-2.5-flash",
    apiKey: "test-key-123456",
    baseUrl: mock.baseUrl,
    timeoutMs,
    maxRetries: 0,
  });
  if (!model) throw new Error("expected a model");
  return callStructured(model, Verdict, messages, {
    name: "verdict",
    modelName: flavour === "openai" ? "gpt-4o-mini" : "gemini-2.5-flash",
    timeoutMs,
  });
}

describe.each(["openai", "google"] as const)("callStructured through the real %s client", (flavour) => {
  it("returns the validated value with token usage and cost", async () => {
    const result = await callWith(flavour, [
      { kind: "content", text: '{"label":"buy","confidence":0.7}', inputTokens: 1_000, outputTokens: 50 },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({ label: "buy", confidence: 0.7 });
    expect(result.call).toMatchObject({ ok: true, inputTokens: 1_000, outputTokens: 50 });
    expect(result.call.costUsd).toBeGreaterThan(0);
    expect(result.call.promptText).toContain("005930 at 70,000");
  });

  it("turns broken JSON into a reason, not a value", async () => {
    const result = await callWith(flavour, [{ kind: "content", text: '{"label":"buy", confid' }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/not valid JSON/);
    expect(result.call.ok).toBe(false);
  });

  it("turns an answer of the wrong shape into a reason naming the field", async () => {
    const result = await callWith(flavour, [{ kind: "content", text: '{"label":"sell","confidence":7}' }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/does not match the verdict schema/);
    expect(result.reason).toMatch(/label|confidence/);
  });

  it("turns a provider error into a reason", async () => {
    const result = await callWith(flavour, [{ kind: "status", status: 500 }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/provider error|timed out/);
  });

  it("gives up after its timeout when the provider never answers", async () => {
    const result = await callWith(flavour, [{ kind: "hang" }], 300);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/timed out|provider error/);
  });
});

describe("OpenAI wire format", () => {
  it("asks for strict json_schema output with the key only in the authorization header", async () => {
    await callWith("openai", [{ kind: "content", text: '{"label":"hold","confidence":0.1}' }]);
    const body = mock?.requests[0] as { response_format?: { type: string; json_schema: { name: string; strict: boolean } } };
    expect(body.response_format?.type).toBe("json_schema");
    expect(body.response_format?.json_schema).toMatchObject({ name: "verdict", strict: true });
    expect(mock?.headers[0]?.authorization).toBe("Bearer test-key-123456");
    expect(JSON.stringify(mock?.requests)).not.toContain("test-key-123456");
  });
});
