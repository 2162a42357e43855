import { describe, expect, it } from "vitest";
import { bindValues, translatePlaceholders } from "../../db/postgres/placeholders.js";

describe("translatePlaceholders", () => {
  it("numbers ? in order and leaves quoted text and comments alone", () => {
    const t = translatePlaceholders("SELECT '?', \"a?b\" FROM t -- why?\nWHERE a = ? AND b IN (?, ?)");
    expect(t.text).toBe("SELECT '?', \"a?b\" FROM t -- why?\nWHERE a = $1 AND b IN ($2, $3)");
    expect(bindValues(t, ["x", 1, 2n])).toEqual(["x", 1, "2"]);
  });

  it("gives a repeated @name one number and binds from the object", () => {
    const t = translatePlaceholders("INSERT INTO t (a, b, c) VALUES (@now, @id, @now) ON CONFLICT DO NOTHING");
    expect(t.text).toBe("INSERT INTO t (a, b, c) VALUES ($1, $2, $1) ON CONFLICT DO NOTHING");
    expect(bindValues(t, [{ id: 7, now: 1_700_000_000_000, extra: "ignored" }])).toEqual([1_700_000_000_000, 7]);
  });

  it("rejects a missing named parameter and a statement mixing both styles", () => {
    expect(() => bindValues(translatePlaceholders("SELECT @a, @b"), [{ a: 1 }])).toThrow(/@b/);
    expect(() => translatePlaceholders("SELECT ?, @a")).toThrow(/mixes/);
  });

  it("binds undefined as NULL", () => {
    expect(bindValues(translatePlaceholders("SELECT ?"), [undefined])).toEqual([null]);
  });
});
