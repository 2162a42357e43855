#!/usr/bin/env node
// The `kis-agent` command: loads ./.env when present (the environment wins over the file), then
// runs the TypeScript CLI through tsx's loader (no build step).
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { register } from "tsx/esm/api";

if (existsSync(".env")) {
  for (const [key, value] of Object.entries(parseEnv(readFileSync(".env", "utf8")))) process.env[key] ??= value;
}
register();
await import("../cli/index.ts");
