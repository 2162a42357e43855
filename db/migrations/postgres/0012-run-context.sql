-- Twin of db/migrations/0012-run-context.sql: what a run was given to read, by reference.
CREATE TABLE run_context (
  run_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (run_id, ref)
);
