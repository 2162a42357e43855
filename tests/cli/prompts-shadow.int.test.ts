/**
 * `kis-agent prompts shadow` as a person uses it: start a shadowing of a proposed version for N
 * trading days, see it (status, `prompts show`), stop it; shadowing the active or a missing version
 * is refused with the reason.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shadowUntil } from "../../cli/prompts-shadow.js";
import { fromKst, systemClock } from "../../core/clock.js";
import { openDatabase } from "../../db/database.js";
import { createPromptShadowsRepo } from "../../db/prompt-shadows-repo.js";
import { createPromptVersionsRepo } from "../../db/prompt-versions-repo.js";
import { runCli } from "../fakes/cli-process.js";

let dir: string;

const prompts = (args: string[]) => runCli(["prompts", ...args], { DATA_DIR: dir, KIS_ENV: "sim", LOG_LEVEL: "warn" });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kis-prompts-shadow-"));
  const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
  const versions = createPromptVersionsRepo(db);
  versions.seed("# seed\n", 0);
  versions.propose(
    () => ({ parentVersion: 1, text: "# v2\n", diff: "", rulesAdded: [], rulesRetired: [], author: "test", changeLog: "", verdicts: [] }),
    0,
  );
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("prompts shadow", () => {
  it("counts N KRX trading days from today or the next trading day", () => {
    // Friday 2026-10-02; KRX is closed on Monday 10-05 (a holiday), open on 10-06 and 10-07.
    expect(shadowUntil(fromKst("20261002", "100000"), 1)).toBe("20261002");
    expect(shadowUntil(fromKst("20261002", "100000"), 3)).toBe("20261007");
    expect(shadowUntil(fromKst("20261010", "100000"), 1)).toBe("20261012");
  });

  it("refuses the active version and a version that does not exist", async () => {
    const active = await prompts(["shadow", "1"]);
    expect(active.code).not.toBe(0);
    expect(active.stderr).toContain("v1 is the active version");
    const missing = await prompts(["shadow", "9"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("No prompt version v9");
  }, 120_000);

  it("starts, shows and stops a shadowing", async () => {
    const none = await prompts(["shadow"]);
    expect(none.stdout).toContain("no shadowing yet");
    const started = await prompts(["shadow", "v2", "--days", "3", "--json"]);
    expect(started.code).toBe(0);
    const doc = JSON.parse(started.stdout) as { version: number; untilDate: string; stoppedAtMs: number | null; summary: { runs: number } };
    expect(doc).toMatchObject({ version: 2, untilDate: shadowUntil(systemClock.now(), 3), stoppedAtMs: null, summary: { runs: 0 } });

    const status = await prompts(["shadow", "status"]);
    expect(status.stdout).toContain(`shadow v2: from`);
    expect(status.stdout).toContain(`until ${doc.untilDate}, running`);
    const show = JSON.parse((await prompts(["show", "2", "--json"])).stdout) as { shadows: Array<{ version: number }> };
    expect(show.shadows).toEqual([expect.objectContaining({ version: 2, stoppedAtMs: null })]);

    const stopped = await prompts(["shadow", "stop"]);
    expect(stopped.stdout).toContain("stopped by kis-agent prompts shadow stop");
    const db = openDatabase(join(dir, "kis-agent.sim.sqlite"));
    expect(createPromptShadowsRepo(db).current("20261207", systemClock.now())).toBeNull();
    db.close();
    expect((await prompts(["shadow", "stop"])).stdout).toContain("no shadowing is running");
  }, 300_000);

  it("names the mistake in --days", async () => {
    const out = await prompts(["shadow", "2", "--days", "0"]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/--days/);
  }, 120_000);
});
