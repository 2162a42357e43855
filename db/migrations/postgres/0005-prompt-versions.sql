-- Twin of db/migrations/0005-prompt-versions.sql: a 'superseded' status, when a version was activated, why
-- its status last changed, its change log and the verdict on every rule candidate. PostgreSQL alters the
-- CHECK in place where SQLite rebuilds the table.
ALTER TABLE prompt_versions DROP CONSTRAINT prompt_versions_status_check;
ALTER TABLE prompt_versions ADD CONSTRAINT prompt_versions_status_check
  CHECK (status IN ('proposed', 'active', 'superseded', 'rejected', 'rolled_back'));
ALTER TABLE prompt_versions
  ADD COLUMN activated_at_ms BIGINT,
  ADD COLUMN status_reason TEXT NOT NULL DEFAULT '',
  ADD COLUMN change_log TEXT NOT NULL DEFAULT '',
  ADD COLUMN verdicts_json TEXT NOT NULL DEFAULT '[]';
