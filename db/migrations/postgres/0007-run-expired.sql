-- Twin of db/migrations/0007-run-expired.sql: a trading run whose approval came too late ends as 'expired'.
ALTER TABLE graph_runs DROP CONSTRAINT graph_runs_status_check;
ALTER TABLE graph_runs ADD CONSTRAINT graph_runs_status_check
  CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'expired'));
