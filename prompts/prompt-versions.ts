/**
 * The database-backed PromptStore: versions live in prompt_versions (version 1 is seeded from
 * prompts/core-decision.md on first use) and the active text is mirrored to disk atomically as
 * `DATA_DIR/prompts/active.md`, with a `v{N}.md` copy of every version. The database is the source
 * of truth; the files are for people and for tools that read markdown.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import type { ActivationResult, NewPromptVersion, PromptVersionRecord, PromptVersionsRepo } from "../db/prompt-versions-repo.js";
import { readCoreDecisionPrompt, type PromptStore } from "./prompt-store.js";

export interface VersionedPromptStore extends PromptStore {
  record(version: number): PromptVersionRecord | undefined;
  list(): PromptVersionRecord[];
  /** see PromptVersionsRepo.propose; also writes the `v{N}.md` copy */
  propose(build: (version: number) => NewPromptVersion | null): number | null;
  findByRun(runId: string): PromptVersionRecord | undefined;
  /** compare-and-set on the active version */
  activate(version: number, expectedActive: number | null, reason: string): ActivationResult;
  rollback(version: number, reason: string): ActivationResult;
  reject(version: number, reason: string): ActivationResult;
}

export interface VersionedPromptStoreDeps {
  repo: PromptVersionsRepo;
  clock: Clock;
  /** where `prompts/active.md` and `prompts/v{N}.md` go */
  dataDir: string;
  /** the text of version 1; prompts/core-decision.md by default */
  seedText?: () => string;
}

/** Write-then-rename: a reader never sees half a prompt. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text, "utf8");
  renameSync(tmp, file);
}

export function createVersionedPromptStore(deps: VersionedPromptStoreDeps): VersionedPromptStore {
  const dir = join(deps.dataDir, "prompts");
  const writeCopy = (version: number, text: string) => {
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, `v${version}.md`), text);
  };
  const writeActive = () => {
    const current = deps.repo.active();
    if (!current) return;
    mkdirSync(dir, { recursive: true });
    writeAtomic(join(dir, "active.md"), current.text);
  };
  const afterActivation = (result: ActivationResult) => {
    if (result.ok) writeActive();
    return result;
  };

  function activeRecord(): PromptVersionRecord {
    const found = deps.repo.active();
    if (found) return found;
    const text = (deps.seedText ?? readCoreDecisionPrompt)();
    deps.repo.seed(text, deps.clock.now());
    const seeded = deps.repo.active();
    if (!seeded) throw new AppError("DATA_INVALID", "prompt_versions has versions but none is active");
    if (seeded.version === 1) {
      writeCopy(1, seeded.text);
      writeActive();
    }
    return seeded;
  }

  return {
    active() {
      const { version, text } = activeRecord();
      return { version, text };
    },
    get(version) {
      const found = deps.repo.get(version);
      return found && { version: found.version, text: found.text };
    },
    record: (version) => deps.repo.get(version),
    list: () => deps.repo.list(),
    propose(build) {
      let text = "";
      const version = deps.repo.propose((n) => {
        const v = build(n);
        text = v?.text ?? "";
        return v;
      }, deps.clock.now());
      if (version !== null) writeCopy(version, text);
      return version;
    },
    findByRun: (runId) => deps.repo.findByRun(runId),
    activate: (version, expected, reason) => afterActivation(deps.repo.activate(version, expected, reason, deps.clock.now())),
    rollback: (version, reason) => afterActivation(deps.repo.rollback(version, reason, deps.clock.now())),
    reject: (version, reason) => deps.repo.reject(version, reason),
  };
}
