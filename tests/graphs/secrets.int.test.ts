import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runTrading } from "../../runtime/trading.js";
import { startLlmMock, type LlmMockServer } from "../../testkit/llm-mock-server.js";
import { TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, marketBuy, planJson, startHarness, type Harness } from "../fakes/trading-harness.js";

let h: Harness | undefined;
let mock: LlmMockServer | undefined;
afterEach(async () => {
  await mock?.close();
  await h?.close();
});

describe("secrets", () => {
  it("never reach the logs, the database or the checkpoints", async () => {
    h = await startHarness();
    mock = await startLlmMock("openai", [
      { kind: "content", text: planJson([marketBuy("005930", 1)]) },
      { kind: "content", text: "not json" },
    ]);
    const rt = await h.open({ LLM_PROVIDER: "openai", OPENAI_API_KEY: TEST_LLM_KEY, OPENAI_BASE_URL: mock.baseUrl, LLM_MAX_RETRIES: "0" });
    await runTrading(rt);
    await runTrading(rt);
    await rt.close();

    const tokenFile = readdirSync(h.dataDir).find((f) => f.startsWith("kis-token-"));
    expect(tokenFile).toBeDefined();
    const token = JSON.parse(readFileSync(join(h.dataDir, tokenFile ?? ""), "utf8")) as {
      accessToken?: string;
      access_token?: string;
      token?: string;
    };
    const accessToken = token.accessToken ?? token.access_token ?? token.token ?? "";
    expect(accessToken.length).toBeGreaterThan(10);

    const stores = readdirSync(h.dataDir).filter((f) => /\.sqlite(-wal|-shm)?$/.test(f));
    expect(stores.some((f) => f.startsWith("checkpoints."))).toBe(true);
    const haystacks = [...stores.map((f) => readFileSync(join(h?.dataDir ?? "", f)).toString("latin1")), h.logs.join("\n")];
    expect(h.logs.length).toBeGreaterThan(0);
    for (const secret of [TEST_APP_KEY, TEST_APP_SECRET, TEST_LLM_KEY, accessToken]) {
      for (const text of haystacks) expect(text.includes(secret)).toBe(false);
    }
  });
});
