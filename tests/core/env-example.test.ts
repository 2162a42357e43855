import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const source = readFileSync(new URL("../../core/config.ts", import.meta.url), "utf8");
const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");

describe(".env.example", () => {
  it("lists every variable core/config.ts reads, and nothing else", () => {
    const envBlock = source.slice(
      source.indexOf("const Env = z.object({"),
      source.indexOf("});", source.indexOf("const Env = z.object({")),
    );
    const read = [...envBlock.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]).sort();
    const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(read);
  });
});
