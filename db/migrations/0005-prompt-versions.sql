-- Prompt versions as the reflection graph writes them: a 'superseded' status for a version a newer one
-- replaced (rolled_back is kept for one a person rolled back from), when it was activated, why its status
-- last changed, its change log, and the verdict on every rule candidate (accepted, merged, rejected + reason).
-- SQLite cannot alter a CHECK, so the table is rebuilt; the self-reference is renamed along with it.
CREATE TABLE prompt_versions_next (
  version TEXT PRIMARY KEY,
  parent_version TEXT REFERENCES prompt_versions_next (version),
  full_text TEXT NOT NULL,
  diff TEXT NOT NULL DEFAULT '',
  rules_added_json TEXT NOT NULL DEFAULT '[]',
  rules_retired_json TEXT NOT NULL DEFAULT '[]',
  reflection_run_id TEXT,
  author TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'superseded', 'rejected', 'rolled_back')),
  created_at_ms INTEGER NOT NULL,
  activated_at_ms INTEGER,
  status_reason TEXT NOT NULL DEFAULT '',
  change_log TEXT NOT NULL DEFAULT '',
  verdicts_json TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO prompt_versions_next (version, parent_version, full_text, diff, rules_added_json, rules_retired_json, reflection_run_id, author, status, created_at_ms)
  SELECT version, parent_version, full_text, diff, rules_added_json, rules_retired_json, reflection_run_id, author, status, created_at_ms FROM prompt_versions;
DROP TABLE prompt_versions;
ALTER TABLE prompt_versions_next RENAME TO prompt_versions;
-- At most one active version.
CREATE UNIQUE INDEX prompt_versions_one_active ON prompt_versions (status) WHERE status = 'active';
