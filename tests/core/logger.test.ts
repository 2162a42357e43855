import { describe, expect, it } from "vitest";
import { createLogger, registerSecret } from "../../core/logger.js";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger(
    "debug",
    (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    {},
    () => 0,
  );
  return { log, lines, text: () => JSON.stringify(lines) };
}

describe("logger", () => {
  it("writes one JSON object per line with level, time, message and fields", () => {
    const { log, lines } = capture();
    log.child({ module: "test" }).info("hello", { symbol: "005930" });
    expect(lines).toEqual([{ level: "info", time: "1970-01-01T00:00:00.000Z", msg: "hello", module: "test", symbol: "005930" }]);
  });

  it("drops lines below its level", () => {
    const lines: string[] = [];
    const log = createLogger("warn", (l) => lines.push(l));
    log.info("quiet");
    log.warn("loud");
    expect(lines).toHaveLength(1);
  });

  it("redacts secret-named fields at any depth", () => {
    const { log, text } = capture();
    log.info("request", { headers: { appkey: "PSabc", appsecret: "xyz", authorization: "Bearer t", tr_id: "FHKST01010100" } });
    expect(text()).not.toMatch(/PSabc|xyz|Bearer t/);
    expect(text()).toContain("FHKST01010100");
  });

  it("masks registered secret values wherever they appear in strings", () => {
    const { log, text } = capture();
    registerSecret("super-secret-token-value");
    log.error("failed with super-secret-token-value in the url", { url: "http://x/?t=super-secret-token-value" });
    expect(text()).not.toContain("super-secret-token-value");
  });
});
