/**
 * The synchronous PostgreSQL bridge: typed errors (the URL's password masked), transactions and
 * savepoints that roll back what they wrote, BIGINT and sums read as numbers. The connection error
 * needs no server; the rest needs DATABASE_URL (`npm run test:pg`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "../../core/errors.js";
import { PostgresDb } from "../../db/postgres/postgres-db.js";
import { freePort } from "../../testkit/free-port.js";
import { openTestLedger, type TestLedger } from "./temp-db.js";

describe("PostgresDb without a server", () => {
  it("fails with DB_UNAVAILABLE naming the URL with its password masked", async () => {
    const port = await freePort();
    let caught: unknown;
    try {
      new PostgresDb({ url: `postgres://kis:hunter2secret@127.0.0.1:${port}/kis`, schema: "public" });
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught) && caught.code).toBe("DB_UNAVAILABLE");
    expect(String((caught as Error).message)).toContain(`postgres://kis:***@127.0.0.1:${port}/kis`);
    expect(String((caught as Error).message)).not.toContain("hunter2secret");
  });
});

describe.skipIf(!process.env.DATABASE_URL)("PostgresDb", () => {
  let t: TestLedger;
  afterEach(() => t.dispose());

  it("rolls back a failed transaction and only the inner part of a failed savepoint", () => {
    t = openTestLedger();
    const db = t.db;
    db.exec("CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, at_ms BIGINT NOT NULL)");
    const add = db.prepare<unknown[], { id: number }>("INSERT INTO notes (body, at_ms) VALUES (?, ?) RETURNING id");
    expect(() =>
      db.writeTransaction(() => {
        add.get("lost", 1);
        throw new Error("boom");
      })(),
    ).toThrow("boom");
    db.writeTransaction(() => {
      add.get("kept", 1_767_000_000_000);
      expect(db.inTransaction).toBe(true);
      expect(() =>
        db.transaction(() => {
          add.get("inner", 2);
          throw new Error("inner");
        })(),
      ).toThrow("inner");
    })();
    expect(db.inTransaction).toBe(false);
    expect(db.prepare("SELECT body, at_ms FROM notes").all()).toEqual([{ body: "kept", at_ms: 1_767_000_000_000 }]);
    expect(db.prepare("SELECT COUNT(*) AS n, SUM(at_ms) AS total FROM notes").get()).toEqual({ n: 1, total: 1_767_000_000_000 });
  });

  it("raises DB_ERROR with the SQLSTATE for a refused statement and stays usable", () => {
    t = openTestLedger();
    let caught: unknown;
    try {
      t.db.prepare("INSERT INTO trading_state (id, state, reason, updated_at_ms) VALUES (1, 'ACTIVE', '', 0)").run();
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught) && caught.code).toBe("DB_ERROR");
    expect((caught as Error).message).toMatch(/duplicate key.*SQLSTATE 23505/);
    expect(t.db.prepare<[], { state: string }>("SELECT state FROM trading_state").get()?.state).toBe("ACTIVE");
  });
});
