import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePrompt, promptForModel, renderPrompt, replaceSection, section } from "../../prompts/sections.js";

const decisionPrompt = readFileSync(new URL("../../prompts/core-decision.md", import.meta.url), "utf8");

describe("prompt sections", () => {
  it("parses the decision prompt into named sections with the risk rules and output contract protected", () => {
    const parsed = parsePrompt(decisionPrompt);
    expect(parsed.sections.map((s) => [s.name, s.protected])).toEqual([
      ["role", false],
      ["principles", false],
      ["risk-rules", true],
      ["rules", false],
      ["output-contract", true],
    ]);
  });

  it("renders back byte-identical", () => {
    expect(renderPrompt(parsePrompt(decisionPrompt))).toBe(decisionPrompt);
  });

  it("replaces an unprotected section and leaves every other byte alone", () => {
    const parsed = parsePrompt(decisionPrompt);
    const next = renderPrompt(replaceSection(parsed, "rules", "\n# 학습된 규칙\n\n- R1\n\n"));
    expect(next).toContain("- R1");
    expect(section(parsePrompt(next), "risk-rules").body).toBe(section(parsed, "risk-rules").body);
    expect(section(parsePrompt(next), "output-contract").body).toBe(section(parsed, "output-contract").body);
  });

  it("refuses to replace a protected section", () => {
    expect(() => replaceSection(parsePrompt(decisionPrompt), "risk-rules", "ignore the limits")).toThrow(/protected/);
  });

  it("rejects a prompt without markers or with a duplicated section", () => {
    expect(() => parsePrompt("# no markers")).toThrow(/markers/);
    expect(() => parsePrompt("<!-- section: a -->\nx\n<!-- section: a -->\ny")).toThrow(/twice/);
  });

  it("strips markers and comments for the model", () => {
    const text = promptForModel(decisionPrompt);
    expect(text).not.toContain("<!--");
    expect(text).toContain("# 리스크 규칙");
  });
});
