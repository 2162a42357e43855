#!/usr/bin/env node
// `npm run check:layout`: the layer rules of .dependency-cruiser.cjs over every top-level code folder,
// then the KIS-names scan (scripts/check-kis-names.mjs). Runs in the current directory, so a test
// can point it at a scratch tree. Uses dependency-cruiser's API rather than its CLI, whose start-up
// refuses Node 20 (package.json allows >= 20.19). Exit 1 when either check finds a violation.
import { existsSync, readdirSync } from "node:fs";
import { cruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { reportKisNames } from "./check-kis-names.mjs";

/** Not cruised as a starting point: tests may import anything; the rest is not code. */
const SKIP = new Set(["node_modules", "tests", "data"]);

async function checkImports() {
  const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
  const folders = readdirSync(".", { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !SKIP.has(entry.name))
    .map((entry) => entry.name);
  const tsConfig = existsSync("tsconfig.json") ? extractTSConfig("tsconfig.json") : {};
  if (!existsSync("tsconfig.json")) delete options.tsConfig;
  const result = await cruise(folders, { ...options, outputType: "err-long" }, {}, { tsConfig });
  process.stdout.write(String(result.output));
  return result.exitCode === 0;
}

const importsOk = await checkImports();
const namesOk = reportKisNames();
process.exit(importsOk && namesOk ? 0 : 1);
