#!/usr/bin/env node
// KIS wire names (tr_ids such as the order and quote ids, and wire fields such as the current-price
// or order-number keys) stay in broker/kis/ and sim/ (README, layout). dependency-cruiser sees imports,
// not strings, so this scans the source text. The names are read from the broker's own tables —
// broker/kis/endpoints.ts and the zod schemas of the raw responses — plus the tr_id pattern, so a new
// endpoint or field is covered without editing this file. Exit 1 with file:line for each hit.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = process.cwd();
/** Where KIS names belong, and what is not code. */
const ALLOWED = /^(broker\/kis|sim|tests|node_modules|data)\/|^\./;
const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** Standard OAuth field names the KIS token endpoint shares with everyone; they say nothing about KIS. */
const GENERIC = new Set(["access_token", "token_type", "expires_in", "grant_type"]);
/** A tr_id's shape: a KIS letter, then capitals and at least two digits (quote, order and feed ids alike). */
const TR_ID = /\b[CFHTV](?=[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]{7,12}\b|\bH0[A-Z]{4,6}\d?\b/g;

function walk(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (ALLOWED.test(`${path}/`)) return [];
    if (entry.isDirectory()) return walk(path);
    return CODE.test(entry.name) ? [path] : [];
  });
}

/** Keys of the raw-response schemas and columns of the real-time layouts: snake_case in either case, or a capitalised code. */
function wireFieldNames() {
  const dir = join(ROOT, "broker/kis/schemas");
  const schemas = existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
  const files = [...schemas, join(ROOT, "broker/kis/realtime-layouts.ts")];
  const names = new Set();
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const keys = text.matchAll(/\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})\b\s*:/g);
    /** the real-time layouts list their columns as strings */
    const columns = file.endsWith("realtime-layouts.ts") ? text.matchAll(/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g) : [];
    for (const [, name] of [...keys, ...columns]) if (!GENERIC.has(name)) names.add(name);
  }
  return names;
}

function trIds() {
  const file = join(ROOT, "broker/kis/endpoints.ts");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  return new Set([...text.matchAll(/"([A-Z][A-Z0-9]{6,13})"/g)].map((m) => m[1]));
}

/** The line with comments blanked: a comment may say which KIS field a domain name stands for. */
function stripComments(line, state) {
  let code = "";
  let rest = line;
  while (rest.length > 0) {
    if (state.inBlock) {
      const end = rest.indexOf("*/");
      if (end < 0) return code;
      state.inBlock = false;
      rest = rest.slice(end + 2);
      continue;
    }
    const block = rest.search(/\/\*/);
    const lineComment = rest.search(/(^|\s)\/\//);
    if (lineComment >= 0 && (block < 0 || lineComment < block)) return code + rest.slice(0, lineComment);
    if (block < 0) return code + rest;
    code += rest.slice(0, block);
    state.inBlock = true;
    rest = rest.slice(block + 2);
  }
  return code;
}

export function findKisNames() {
  const fields = wireFieldNames();
  const ids = trIds();
  const word = new RegExp(`\\b(${[...fields].join("|")})\\b`, "g");
  const hits = [];
  for (const file of walk("")) {
    const state = { inBlock: false };
    readFileSync(join(ROOT, file), "utf8")
      .split("\n")
      .forEach((text, i) => {
        const line = stripComments(text, state);
        const found = new Set([...line.matchAll(TR_ID)].map((m) => m[0]).filter((id) => ids.has(id) || /\d{4}|^H0[A-Z]+\d?$/.test(id)));
        if (fields.size > 0) for (const m of line.matchAll(word)) found.add(m[0]);
        if (found.size > 0) hits.push(`${file}:${i + 1}: ${[...found].join(", ")}`);
      });
  }
  return hits;
}

/** Prints each hit under the rule's name; true when there is none. */
export function reportKisNames() {
  const hits = findKisNames();
  for (const hit of hits) console.error(`  error kis-names-stay-in-broker: ${hit}`);
  if (hits.length > 0)
    console.error(`\nx ${hits.length} line(s) outside broker/kis/ and sim/ carry KIS wire names (kis-names-stay-in-broker)`);
  else console.log("✔ no KIS wire names outside broker/kis/ and sim/");
  return hits.length === 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(reportKisNames() ? 0 : 1);
