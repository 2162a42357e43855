import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../prompts/unified-diff.js";

const lines = (n: number, edit: (i: number) => string | null = (i) => `line ${i}`) =>
  Array.from({ length: n }, (_, i) => edit(i + 1))
    .filter((l) => l !== null)
    .join("\n") + "\n";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", { from: "v1", to: "v2" })).toBe("");
  });

  it("writes one hunk with three lines of context around a change", () => {
    const before = lines(10);
    const after = lines(10, (i) => (i === 5 ? "line five" : `line ${i}`));
    expect(unifiedDiff(before, after, { from: "v1", to: "v2" })).toBe(
      [
        "--- v1",
        "+++ v2",
        "@@ -2,7 +2,7 @@",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+line five",
        " line 6",
        " line 7",
        " line 8",
        "",
      ].join("\n"),
    );
  });

  it("splits distant changes into separate hunks and counts added and removed lines", () => {
    const before = lines(20);
    const after = lines(20, (i) => (i === 2 ? null : i === 18 ? "line 18\nnew A\nnew B" : `line ${i}`));
    const diff = unifiedDiff(before, after, { from: "a", to: "b" });
    expect(diff.match(/^@@.*@@$/gm)).toEqual(["@@ -1,5 +1,4 @@", "@@ -16,5 +15,7 @@"]);
    expect(diff).toContain("-line 2\n");
    expect(diff).toContain("+new A\n+new B\n");
  });

  it("handles additions to an empty text and a missing final newline", () => {
    expect(unifiedDiff("", "x\n", { from: "a", to: "b" })).toBe("--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
    expect(unifiedDiff("x\n", "x", { from: "a", to: "b" })).toBe("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n");
  });
});
