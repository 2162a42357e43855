/**
 * `npm run check:layout` can fail: scripts/check-layout.mjs runs with the repository's own
 * .dependency-cruiser.cjs and tsconfig.json over a scratch tree of a few files: a legal one passes,
 * and one that breaks every rule once exits 1 printing each rule's name with the import (or line)
 * that broke it. One run each, because every start loads TypeScript.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts/check-layout.mjs");

/** A legal slice of the layers: runtime builds from graphs, graphs from nodes, nodes from ports and core. */
const LEGAL: Record<string, string> = {
  "core/clock.ts": "export const nowMs = (): number => 0;\n",
  "broker/ports.ts": 'import { nowMs } from "../core/clock.js";\nexport const port = { nowMs };\n',
  "broker/kis/endpoints.ts": 'export const REALTIME_TR = { trade: { real: "H0STCNT0" } } as const;\n',
  "nodes/plan.ts": 'import { port } from "../broker/ports.js";\nexport const plan = () => port.nowMs();\n',
  "graphs/trading.ts": 'import { plan } from "../nodes/plan.js";\nexport const graph = { plan };\n',
  "runtime/agent.ts": 'import { graph } from "../graphs/trading.js";\nexport const agent = graph;\n',
  "cli/index.ts": 'import { agent } from "../runtime/agent.js";\nexport const main = agent;\n',
  "market/feeds.ts": "// a comment may say H0STCNT0 (the KIS trade feed) without breaking the rule\nexport const feeds = ['trade'];\n",
};

/** What breaks a rule, the files that do it, and the line the check must print. */
const BROKEN: Array<[string, Record<string, string>, string]> = [
  [
    "core/ importing runtime/",
    { "core/boot.ts": 'import { agent } from "../runtime/agent.js";\nexport const boot = agent;\n' },
    "runtime-is-the-composition-root: core/boot.ts → runtime/agent.ts",
  ],
  [
    "graphs/ importing runtime/ (the lazy Studio import)",
    { "graphs/studio.ts": 'import { agent } from "../runtime/agent.js";\nexport const studio = agent;\n' },
    "runtime-is-the-composition-root: graphs/studio.ts → runtime/agent.ts",
  ],
  [
    "graphs/ importing above nodes/",
    {
      "jobs/queue.ts": "export const queue = 1;\n",
      "graphs/queued.ts": 'import { queue } from "../jobs/queue.js";\nexport const q = queue;\n',
    },
    "layer-order-jobs: graphs/queued.ts → jobs/queue.ts",
  ],
  [
    "nodes/ importing the KIS adapter",
    { "nodes/quote.ts": 'import { REALTIME_TR } from "../broker/kis/endpoints.js";\nexport const tr = REALTIME_TR;\n' },
    "ports-not-kis: nodes/quote.ts → broker/kis/endpoints.ts",
  ],
  [
    "code importing tests/",
    {
      "tests/fakes/fake.ts": "export const fake = 1;\n",
      "nodes/faked.ts": 'import { fake } from "../tests/fakes/fake.js";\nexport const f = fake;\n',
    },
    "no-tests-from-code: nodes/faked.ts → tests/fakes/fake.ts",
  ],
  [
    "venue/ importing anything but core/",
    { "db/database.ts": "export const db = 1;\n", "venue/krx.ts": 'import { db } from "../db/database.js";\nexport const krx = db;\n' },
    "venue-imports-only-core: venue/krx.ts → db/database.ts",
  ],
  [
    "a folder without a layer",
    { "utils/misc.ts": 'import { nowMs } from "../core/clock.js";\nexport const misc = nowMs;\n' },
    "every-folder-has-a-layer: utils/misc.ts → core/clock.ts",
  ],
  [
    "two folders importing each other",
    {
      "state/trading.ts": 'import type { Prompt } from "../prompts/render.js";\nexport type State = { prompt: Prompt };\n',
      "prompts/render.ts": 'import type { State } from "../state/trading.js";\nexport type Prompt = { state?: State };\n',
    },
    "no-folder-cycles: prompts",
  ],
  [
    "a KIS tr_id in market/",
    { "market/budget.ts": 'export const fullFeeds = ["H0STCNT0", "H0STASP0"];\n' },
    "kis-names-stay-in-broker: market/budget.ts:1: H0STCNT0, H0STASP0",
  ],
];

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function tree(extra: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "kis-layout-"));
  for (const file of [".dependency-cruiser.cjs", "tsconfig.json"]) copyFileSync(join(ROOT, file), join(dir, file));
  for (const [file, text] of Object.entries({ ...LEGAL, ...extra })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

function checkLayout(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { cwd, timeout: 110_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe("npm run check:layout", () => {
  it("passes a tree that keeps the layers", async () => {
    const { code, output } = await checkLayout(tree({}));
    expect(output).toContain("no dependency violations found");
    expect(output).toContain("no KIS wire names outside broker/kis/ and sim/");
    expect(code).toBe(0);
  }, 120_000);

  it("fails on each broken rule, naming it", async () => {
    const broken = Object.fromEntries(BROKEN.flatMap(([, files]) => Object.entries(files)));
    const { code, output } = await checkLayout(tree(broken));
    for (const [what, , expected] of BROKEN) expect(output, what).toContain(expected);
    expect(code).toBe(1);
  }, 120_000);
});
