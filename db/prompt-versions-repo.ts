/**
 * prompt_versions: every version of the decision prompt with its parent, full text, diff, rules
 * added and retired, the reflection run behind it, author and status. Activation is a
 * compare-and-set on the active version inside an IMMEDIATE transaction, so two writers (two
 * reflection runs, two processes) can never both activate: the loser sees which version won.
 */
import type { Db } from "./database.js";

export type PromptStatus = "proposed" | "active" | "superseded" | "rejected" | "rolled_back";

export interface PromptVersionRecord {
  version: number;
  parentVersion: number | null;
  text: string;
  /** unified diff against the parent; "" for the seed */
  diff: string;
  rulesAdded: unknown[];
  rulesRetired: string[];
  reflectionRunId?: string;
  /** "reflection", "seed", or a person */
  author: string;
  status: PromptStatus;
  createdAtMs: number;
  activatedAtMs?: number;
  statusReason: string;
  changeLog: string;
  /** what validation did with each rule candidate */
  verdicts: unknown[];
}

export type NewPromptVersion = Omit<PromptVersionRecord, "version" | "status" | "createdAtMs" | "activatedAtMs" | "statusReason">;

/** What an activation attempt found: `ok` false names the version that was active instead. */
export type ActivationResult = { ok: true } | { ok: false; activeVersion: number | null; reason: string };

interface Row {
  version: string;
  parent_version: string | null;
  full_text: string;
  diff: string;
  rules_added_json: string;
  rules_retired_json: string;
  reflection_run_id: string | null;
  author: string;
  status: PromptStatus;
  created_at_ms: number;
  activated_at_ms: number | null;
  status_reason: string;
  change_log: string;
  verdicts_json: string;
}

function toRecord(row: Row): PromptVersionRecord {
  const record: PromptVersionRecord = {
    version: Number(row.version),
    parentVersion: row.parent_version === null ? null : Number(row.parent_version),
    text: row.full_text,
    diff: row.diff,
    rulesAdded: JSON.parse(row.rules_added_json) as unknown[],
    rulesRetired: JSON.parse(row.rules_retired_json) as string[],
    author: row.author,
    status: row.status,
    createdAtMs: row.created_at_ms,
    statusReason: row.status_reason,
    changeLog: row.change_log,
    verdicts: JSON.parse(row.verdicts_json) as unknown[],
  };
  if (row.reflection_run_id !== null) record.reflectionRunId = row.reflection_run_id;
  if (row.activated_at_ms !== null) record.activatedAtMs = row.activated_at_ms;
  return record;
}

/** Per-version trading usage from the run ledger. */
export interface VersionUsage {
  runs: number;
  llmCalls: number;
  costUsdMicros: number;
}

export type PromptVersionsRepo = ReturnType<typeof createPromptVersionsRepo>;

export function createPromptVersionsRepo(db: Db) {
  const byVersion = db.prepare<[string], Row>("SELECT * FROM prompt_versions WHERE version = ?");
  const activeRow = db.prepare<[], Row>("SELECT * FROM prompt_versions WHERE status = 'active'");
  const all = db.prepare<[], Row>("SELECT * FROM prompt_versions ORDER BY CAST(version AS INTEGER)");
  const maxVersion = db.prepare<[], { v: number | null }>("SELECT MAX(CAST(version AS INTEGER)) AS v FROM prompt_versions");
  const insert = db.prepare(
    `INSERT INTO prompt_versions (version, parent_version, full_text, diff, rules_added_json, rules_retired_json, reflection_run_id, author, status,
       created_at_ms, activated_at_ms, change_log, verdicts_json)
     VALUES (@version, @parent, @text, @diff, @added, @retired, @run, @author, @status, @now, @activated, @change_log, @verdicts)`,
  );
  const setStatus = db.prepare("UPDATE prompt_versions SET status = @status, status_reason = @reason WHERE version = @version");
  const markActive = db.prepare(
    "UPDATE prompt_versions SET status = 'active', status_reason = @reason, activated_at_ms = @now WHERE version = @version",
  );
  const usage = db.prepare<[], { prompt_version: string; runs: number; llm_calls: number; cost: number }>(
    `SELECT prompt_version, COUNT(*) AS runs, SUM(llm_calls) AS llm_calls, SUM(cost_usd_micros) AS cost
     FROM graph_runs WHERE graph = 'trading' AND prompt_version IS NOT NULL GROUP BY prompt_version`,
  );

  const get = (version: number) => {
    const row = byVersion.get(String(version));
    return row && toRecord(row);
  };
  const active = () => {
    const row = activeRow.get();
    return row && toRecord(row);
  };

  /** Moves `version` to active if the active version is still `expected`; the old one gets `previousStatus`. */
  const swap = db.writeTransaction(
    (version: number, expected: number | null, previousStatus: PromptStatus, reason: string, nowMs: number): ActivationResult => {
      const current = active()?.version ?? null;
      if (current !== expected) {
        return { ok: false, activeVersion: current, reason: `the active version is v${current ?? "-"}, not v${expected ?? "-"}` };
      }
      if (current !== null)
        setStatus.run({
          version: String(current),
          status: previousStatus,
          reason: `${previousStatus === "rolled_back" ? "rolled back" : "superseded"} by v${version}`,
        });
      markActive.run({ version: String(version), reason, now: nowMs });
      return { ok: true };
    },
  );

  const seed = db.writeTransaction((text: string, nowMs: number) => {
    if (maxVersion.get()?.v != null) return;
    insert.run({
      version: "1",
      parent: null,
      text,
      diff: "",
      added: "[]",
      retired: "[]",
      run: null,
      author: "seed",
      status: "active",
      now: nowMs,
      activated: nowMs,
      change_log: "seeded from prompts/core-decision.md",
      verdicts: "[]",
    });
  });

  const byRun = db.prepare<[string], Row>(
    "SELECT * FROM prompt_versions WHERE reflection_run_id = ? ORDER BY CAST(version AS INTEGER) LIMIT 1",
  );

  const propose = db.writeTransaction((build: (version: number) => NewPromptVersion | null, nowMs: number): number | null => {
    const version = (maxVersion.get()?.v ?? 0) + 1;
    const v = build(version);
    if (!v) return null;
    insert.run({
      version: String(version),
      parent: v.parentVersion === null ? null : String(v.parentVersion),
      text: v.text,
      diff: v.diff,
      added: JSON.stringify(v.rulesAdded),
      retired: JSON.stringify(v.rulesRetired),
      run: v.reflectionRunId ?? null,
      author: v.author,
      status: "proposed",
      now: nowMs,
      activated: null,
      change_log: v.changeLog,
      verdicts: JSON.stringify(v.verdicts),
    });
    return version;
  });

  const guarded = (version: number, allowed: PromptStatus[]) => {
    const record = get(version);
    if (!record) return { ok: false as const, activeVersion: active()?.version ?? null, reason: `there is no version v${version}` };
    if (!allowed.includes(record.status))
      return { ok: false as const, activeVersion: active()?.version ?? null, reason: `v${version} is ${record.status}` };
    return { ok: true as const, record };
  };

  const activate = db.writeTransaction((version: number, expected: number | null, reason: string, nowMs: number): ActivationResult => {
    const found = guarded(version, ["proposed"]);
    return found.ok ? swap(version, expected, "superseded", reason, nowMs) : found;
  });

  const rollback = db.writeTransaction((version: number, reason: string, nowMs: number): ActivationResult => {
    const found = guarded(version, ["superseded", "rolled_back"]);
    return found.ok ? swap(version, active()?.version ?? null, "rolled_back", reason, nowMs) : found;
  });

  const reject = db.writeTransaction((version: number, reason: string): ActivationResult => {
    const found = guarded(version, ["proposed"]);
    if (!found.ok) return found;
    setStatus.run({ version: String(version), status: "rejected", reason });
    return { ok: true };
  });

  return {
    get,
    active,
    list: (): PromptVersionRecord[] => all.all().map(toRecord),
    /** Inserts version 1 as active when the table is empty; a no-op otherwise. */
    seed: (text: string, nowMs: number): void => seed(text, nowMs),
    /**
     * Stores a new proposed version under the next number, built by `build` inside the transaction
     * (so rule ids can name the version); returns the number, or null when `build` declines.
     */
    propose: (build: (version: number) => NewPromptVersion | null, nowMs: number): number | null => propose(build, nowMs),
    /** The version a reflection run proposed, if any (a resumed run reuses it). */
    findByRun(runId: string): PromptVersionRecord | undefined {
      const row = byRun.get(runId);
      return row && toRecord(row);
    },
    /** Compare-and-set: activates a proposed version only while `expectedActive` is still the active one. */
    activate: (version: number, expectedActive: number | null, reason: string, nowMs: number): ActivationResult =>
      activate(version, expectedActive, reason, nowMs),
    /** Makes an earlier active version active again; the current one becomes rolled_back. */
    rollback: (version: number, reason: string, nowMs: number): ActivationResult => rollback(version, reason, nowMs),
    reject: (version: number, reason: string): ActivationResult => reject(version, reason),
    usageByVersion(): Map<number, VersionUsage> {
      return new Map(usage.all().map((r) => [Number(r.prompt_version), { runs: r.runs, llmCalls: r.llm_calls, costUsdMicros: r.cost }]));
    },
  };
}
