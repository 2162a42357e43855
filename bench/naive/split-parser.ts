/**
 * The obvious frame parser the benchmark gates against: split on `|` and `^`, one object per
 * record with dynamic keys, `Number()` on numeric columns (empty → NaN, as the production decoder).
 */
import { PLAIN_LAYOUTS } from "../../broker/kis/frames.js";

export type NaiveRecord = Record<string, string | number>;

export function naiveParse(raw: string): NaiveRecord[] {
  const [, trId = "", countText = "", payload = ""] = raw.split("|");
  const layout = PLAIN_LAYOUTS.get(trId);
  if (layout === undefined) return [];
  const fields = payload.split("^");
  const count = Number(countText);
  const width = fields.length / count;
  const out: NaiveRecord[] = [];
  for (let r = 0; r < count; r++) {
    const o: NaiveRecord = {};
    for (let j = 0; j < width; j++) {
      const v = fields[r * width + j] ?? "";
      const name = layout.fields[j] ?? String(j);
      o[name] = layout.numeric[j] === 1 ? (v === "" ? NaN : Number(v)) : v;
    }
    out.push(o);
  }
  return out;
}
