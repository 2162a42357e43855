/**
 * The layer rules of README's layout table, checked by `npm run check:layout` (scripts/check-layout.mjs).
 * Imports point toward core/: a folder may import only folders listed below it. The order is the
 * layout table's, with neighbours ordered by what the code needs (llm/ renders prompts, so it sits
 * above prompts/; jobs/ carries graph triggers, so it sits above graphs/). Because the order is total
 * and every top-level folder must appear in it, no two folders can import each other; the folder-cycle
 * rule names the loop when one appears anyway. tests/ may import anything and is not cruised.
 */

/** Top to bottom. runtime/ is the composition root: only the entry points above it import it. */
const LAYERS = [
  "bin",
  "cli",
  "console",
  "bench",
  "testkit",
  "runtime",
  "jobs",
  "graphs",
  "nodes",
  "tools",
  "llm",
  "prompts",
  "state",
  "execution",
  "backtest",
  "ledger",
  "rules",
  "risk",
  "sim",
  "broker",
  "market",
  "db",
  "venue",
  "core",
];

const NOT_CODE = ["node_modules", "tests", "scripts", "data", "\\.[^/]+"];
const any = (folders) => `^(${folders.join("|")})/`;

/** One rule per layer: nothing below it imports it. Named for the folder imported, so the message says what was crossed. */
const layerRules = LAYERS.slice(0, -1).map((folder, i) => ({
  name: `layer-order-${folder}`,
  comment: `${folder}/ sits above ${LAYERS.slice(i + 1).join(", ")}; none of those may import it`,
  severity: "error",
  from: { path: any(LAYERS.slice(i + 1)) },
  to: { path: `^${folder}/` },
}));

module.exports = {
  forbidden: [
    {
      name: "runtime-is-the-composition-root",
      comment: "only bin/, cli/, console/ and bench/ import runtime/; graphs/ and jobs/ receive what runtime/ builds",
      severity: "error",
      from: { pathNot: any(["runtime", "bin", "cli", "console", "bench"]) },
      to: { path: "^runtime/" },
    },
    ...layerRules.filter((rule) => rule.name !== "layer-order-runtime"),
    {
      name: "venue-imports-only-core",
      comment: "exchange rules (KRX calendar, tick sizes, limits) depend on nothing but core/",
      severity: "error",
      from: { path: "^venue/" },
      to: { path: "^[^/]+/", pathNot: any(["venue", "core", "node_modules"]) },
    },
    {
      name: "ports-not-kis",
      comment: "nodes/ and tools/ see the Broker/MarketData ports of broker/ports.ts, never the KIS adapter",
      severity: "error",
      from: { path: any(["nodes", "tools"]) },
      to: { path: "^broker/kis/" },
    },
    {
      name: "no-tests-from-code",
      comment: "code never imports tests/; what tests and bench share lives in testkit/",
      severity: "error",
      from: { pathNot: "^tests/" },
      to: { path: "^tests/" },
    },
    {
      name: "every-folder-has-a-layer",
      comment: "a new top-level code folder needs its place in LAYERS (and in README's layout table)",
      severity: "error",
      from: { pathNot: any([...LAYERS, ...NOT_CODE]) },
      to: {},
    },
    {
      name: "no-folder-cycles",
      comment: "no two top-level folders import each other, directly or round a loop",
      severity: "error",
      scope: "folder",
      from: { path: "^[^/]+/?$" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^tests/"] },
    exclude: { path: ["^node_modules/", "^data/", "^\\."] },
    /** type-only imports couple layers too */
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
