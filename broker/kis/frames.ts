/**
 * Pure decoder of KIS real-time text frames (reference §6.5): `enc|TR|NNN|a^b^…` data frames are
 * scanned once with charCodeAt into a reusable record batch (numbers in a Float64Array, text as
 * strings), honouring the record count; `{…}` frames are JSON control messages. No I/O, no clock.
 */
import {
  H0STASP0_FIELDS, H0STCNT0_FIELDS, H0STPGM0_FIELDS, type RealtimeTrId,
} from "./realtime-layouts.js";

/** Columns kept as strings: codes with leading zeros or letters, Y/N flags. Everything else is a number. */
const TEXT_FIELDS = new Set([
  "MKSC_SHRN_ISCD", "NEW_MKOP_CLS_CODE", "TRHT_YN", "HOUR_CLS_CODE", "MRKT_TRTM_CLS_CODE", "STCK_DEAL_CLS_CODE",
]);

export interface RecordLayout {
  trId: RealtimeTrId;
  fields: readonly string[];
  /** 1 where the column is numeric */
  numeric: Uint8Array;
}

function layoutOf(trId: RealtimeTrId, fields: readonly string[]): RecordLayout {
  return { trId, fields, numeric: Uint8Array.from(fields, (f) => (TEXT_FIELDS.has(f) ? 0 : 1)) };
}

/** Plain (unencrypted) TRs this decoder understands; execution notices are decoded after decryption. */
export const PLAIN_LAYOUTS: ReadonlyMap<string, RecordLayout> = new Map([
  ["H0STCNT0", layoutOf("H0STCNT0", H0STCNT0_FIELDS)],
  ["H0STASP0", layoutOf("H0STASP0", H0STASP0_FIELDS)],
  ["H0STPGM0", layoutOf("H0STPGM0", H0STPGM0_FIELDS)],
]);

/**
 * Decoded records of one frame, record-major: field f of record r is at r × width + f.
 * Numeric columns are in `numbers` (NaN when empty), text columns in `texts`. The arrays are
 * reused by the next decode of the same TR: read them before decoding another frame.
 */
export interface RecordBatch {
  layout: RecordLayout;
  count: number;
  width: number;
  numbers: Float64Array;
  texts: string[];
}

/** A JSON control message (ACK, PINGPONG) with the parts the feed acts on. */
export interface ControlMessage {
  trId: string;
  trKey: string;
  encrypted: boolean;
  /** "0" success; absent on PINGPONG */
  resultCode: string;
  messageCode: string;
  message: string;
  /** AES parameters for encrypted TRs (reference §6.6) */
  aesKey: string;
  aesIv: string;
  /** the frame text, echoed back unchanged for PINGPONG */
  raw: string;
}

export type DecodedFrame =
  | { kind: "data"; batch: RecordBatch }
  | { kind: "encrypted"; trId: string; count: number; payload: string }
  | { kind: "control"; control: ControlMessage }
  /** tokens ≠ count × expected width: layout drift; the frame must be skipped */
  | { kind: "drift"; trId: string; count: number; tokens: number; expectedWidth: number }
  | { kind: "unsupported"; trId: string }
  | { kind: "malformed"; reason: string; head: string };

const CARET = 94;
const PIPE = "|";
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Reusable decoder: one batch buffer per TR, grown on demand. */
export class FrameDecoder {
  private readonly batches = new Map<string, RecordBatch>();

  decode(raw: string): DecodedFrame {
    if (raw.charCodeAt(0) === 123) return decodeControl(raw);
    const p1 = raw.indexOf(PIPE);
    const p2 = p1 < 0 ? -1 : raw.indexOf(PIPE, p1 + 1);
    const p3 = p2 < 0 ? -1 : raw.indexOf(PIPE, p2 + 1);
    if (p3 < 0) return malformed("expected enc|tr_id|count|payload", raw);
    const trId = raw.slice(p1 + 1, p2);
    const count = parseCount(raw, p2 + 1, p3);
    if (count <= 0) return malformed(`expected a positive record count, received '${raw.slice(p2 + 1, p3)}'`, raw);
    if (raw.charCodeAt(0) === 49) return { kind: "encrypted", trId, count, payload: raw.slice(p3 + 1) };
    const layout = PLAIN_LAYOUTS.get(trId);
    if (layout === undefined) return { kind: "unsupported", trId };
    const batch = this.batchFor(layout, count);
    const tokens = scanPayload(raw, p3 + 1, batch);
    if (tokens !== count * batch.width) {
      return { kind: "drift", trId, count, tokens, expectedWidth: batch.width };
    }
    return { kind: "data", batch };
  }

  private batchFor(layout: RecordLayout, count: number): RecordBatch {
    const width = layout.fields.length;
    let batch = this.batches.get(layout.trId);
    if (batch === undefined || batch.numbers.length < count * width) {
      const capacity = Math.max(count, 4) * width;
      batch = { layout, count, width, numbers: new Float64Array(capacity), texts: new Array<string>(capacity).fill("") };
      this.batches.set(layout.trId, batch);
    }
    batch.count = count;
    return batch;
  }
}

function parseCount(raw: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return to > from ? n : -1;
}

/**
 * One pass over the payload. Returns the number of `^`-separated tokens seen; the batch holds
 * valid records only when that equals count × width (extra tokens are counted, not stored).
 */
function scanPayload(raw: string, start: number, batch: RecordBatch): number {
  const n = raw.length;
  const limit = batch.count * batch.width;
  const { numbers, texts, width } = batch;
  const numeric = batch.layout.numeric;
  let i = start;
  let token = 0;
  let col = 0;
  for (;;) {
    if (token >= limit) {
      // Drift: more tokens than the layout expects. Count them for the report.
      for (; i < n; i++) if (raw.charCodeAt(i) === CARET) token++;
      return token + 1;
    }
    if (numeric[col] === 1) {
      const begin = i;
      let value = 0;
      let digits = 0;
      let scale = -1;
      let clean = true;
      let negative = false;
      let c = raw.charCodeAt(i);
      if (c === 45) {
        negative = true;
        i++;
      }
      for (; i < n; i++) {
        c = raw.charCodeAt(i);
        if (c === CARET) break;
        const d = c - 48;
        if (d >= 0 && d <= 9) {
          value = value * 10 + d;
          digits++;
          if (scale >= 0) scale++;
        } else if (c === 46 && scale < 0) scale = 0;
        else clean = false;
      }
      if (!clean || digits > 15) value = Number(raw.slice(begin, i)); // rare: exotic text, keep exact semantics
      else if (digits === 0) value = NaN;
      else {
        if (scale > 0) value /= POW10[scale] ?? 10 ** scale;
        if (negative) value = -value;
      }
      numbers[token] = value;
    } else {
      const begin = i;
      while (i < n && raw.charCodeAt(i) !== CARET) i++;
      texts[token] = raw.slice(begin, i);
      numbers[token] = NaN;
    }
    token++;
    if (++col === width) col = 0;
    if (i >= n) return token;
    i++;
  }
}

function malformed(reason: string, raw: string): DecodedFrame {
  return { kind: "malformed", reason, head: raw.slice(0, 40) };
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};

/** Reads an ACK or PINGPONG; anything that is not a JSON object is malformed. */
export function decodeControl(raw: string): DecodedFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return malformed("control frame is not JSON", raw);
  }
  const root = obj(parsed);
  const header = obj(root.header);
  const body = obj(root.body);
  const output = obj(body.output);
  const trId = str(header.tr_id);
  if (trId === "") return malformed("control frame without header.tr_id", raw);
  return {
    kind: "control",
    control: {
      trId,
      trKey: str(header.tr_key),
      encrypted: header.encrypt === "Y",
      resultCode: str(body.rt_cd),
      messageCode: str(body.msg_cd),
      message: str(body.msg1),
      aesKey: str(output.key),
      aesIv: str(output.iv),
      raw,
    },
  };
}
