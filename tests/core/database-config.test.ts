import { describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config.js";

describe("DATABASE_URL and DATABASE_SCHEMA", () => {
  it("keep the ledger in SQLite (schema public) when unset or empty", () => {
    expect(loadConfig({}).database).toEqual({ schema: "public" });
    expect(loadConfig({ DATABASE_URL: "", DATABASE_SCHEMA: "" }).database).toEqual({ schema: "public" });
  });

  it("take a postgres:// or postgresql:// URL and a lower-case schema", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://kis:pw@db:5432/kis", DATABASE_SCHEMA: "acct_1" }).database).toEqual({
      url: "postgresql://kis:pw@db:5432/kis",
      schema: "acct_1",
    });
  });

  it("reject another scheme and a schema name that would need quoting", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://kis@db/kis" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_SCHEMA: "Acct-1" })).toThrow(/DATABASE_SCHEMA/);
  });
});
