// The PostgreSQL side of the synchronous bridge (db/postgres/postgres-db.ts): one `pg` Client on this
// thread runs each request the main thread posts, replies on the port, then wakes the main thread,
// which is blocked in Atomics.wait on `signal`. Plain JavaScript: a worker does not inherit tsx.
import pg from "pg";
import { workerData } from "node:worker_threads";

// Ledger instants are BIGINT epoch ms and sums are NUMERIC: both well inside 2^53, read as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

const { url, port, signal } = workerData;
const flag = new Int32Array(signal);
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
// A connection lost between requests is reported by the next request, not as an uncaught error.
client.on("error", () => undefined);

function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

async function handle(request) {
  switch (request.op) {
    case "connect":
      await client.connect();
      return {};
    case "query": {
      const result = await client.query({ text: request.sql, values: request.params });
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    }
    case "exec":
      await client.query(request.sql);
      return {};
    case "close":
      await client.end();
      return {};
    default:
      throw new Error(`unknown request ${String(request.op)}`);
  }
}

port.on("message", (request) => {
  handle(request).then(
    (result) => reply({ ok: true, ...result }),
    (err) => reply({ ok: false, message: err?.message ?? String(err), code: err?.code, connect: request.op === "connect" }),
  );
});
