/**
 * A line-based unified diff (LCS over lines, three lines of context, `@@ -a,b +c,d @@` hunks), for
 * prompt versions. Lines keep their exact text; a missing final newline is marked as diff(1) does.
 */

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  else lines[lines.length - 1] += "\n\\ No newline at end of file";
  return lines;
}

/** Edit script via the LCS table; prompts are a few hundred lines, so O(n·m) is fine. */
function editScript(a: string[], b: string[]): Op[] {
  // Trim the common prefix and suffix first: versions differ in one section.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[start + i] === b[start + j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push({ kind: " ", line: a[k] ?? "", a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({ kind: " ", line: a[start + i] ?? "", a: start + i, b: start + j });
      i++;
      j++;
    } else if (i < n && (j >= m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      // Deletions before additions, as diff(1) prints them.
      ops.push({ kind: "-", line: a[start + i] ?? "", a: start + i, b: start + j });
      i++;
    } else {
      ops.push({ kind: "+", line: b[start + j] ?? "", a: start + i, b: start + j });
      j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: " ", line: a[endA + k] ?? "", a: endA + k, b: endB + k });
  return ops;
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);

/** `--- a` / `+++ b` header and hunks; "" when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  if (before === after) return "";
  const ops = editScript(splitLines(before), splitLines(after));
  const changed = ops.flatMap((op, i) => (op.kind === " " ? [] : [i]));
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let h = 0;
  while (h < changed.length) {
    const first = changed[h] as number;
    let last = first;
    while (h + 1 < changed.length && (changed[h + 1] as number) - last <= 2 * context + 1) last = changed[++h] as number;
    h++;
    const hunk = ops.slice(Math.max(0, first - context), Math.min(ops.length, last + context + 1));
    const head = hunk[0] as Op;
    const aCount = hunk.filter((op) => op.kind !== "+").length;
    const bCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${range(head.a + 1, aCount)} +${range(head.b + 1, bCount)} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
  }
  return `${out.join("\n")}\n`;
}
