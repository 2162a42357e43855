-- migrate: if-missing run_context
-- What a run read and stored once (the account snapshot, the market context, each turn of the
-- investigation), by reference: the graph's checkpointed state names these rows instead of carrying
-- copies. A body is written once per (run, ref) and never changed, so a resumed run reads back
-- exactly what its first attempt stored. Numbered into the gap below 0013: a file already at
-- user_version 13 gets it through the if-missing line above.
CREATE TABLE run_context (
  run_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (run_id, ref)
);
