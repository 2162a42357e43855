/**
 * Pure decoder of KIS real-time text frames (reference §6.5): `enc|TR|NNN|a^b^…` data frames are
 * scanned once, byte by byte, into a reusable record batch (numbers in a Float64Array, text
 * columns as spans sliced on demand), honouring the record count; `{…}` frames are JSON control messages. No I/O, no clock.
 */
import { LAYOUTS, type RealtimeTrId } from "./realtime-layouts.js";

/** Columns kept as strings: codes with leading zeros or letters, Y/N flags. Everything else is a number. */
const TEXT_FIELDS = new Set([
  "MKSC_SHRN_ISCD",
  "NEW_MKOP_CLS_CODE",
  "TRHT_YN",
  "HOUR_CLS_CODE",
  "MRKT_TRTM_CLS_CODE",
  "STCK_DEAL_CLS_CODE",
  "KMID_CLS_CODE",
  "NMID_CLS_CODE",
  "BSTP_CLS_CODE",
  "TR_SUSP_REAS_CNTT",
  "MKOP_CLS_CODE",
  "ANTC_MKOP_CLS_CODE",
  "DIVI_APP_CLS_CODE",
  "ISCD_STAT_CLS_CODE",
  "VI_CLS_CODE",
  "OVTM_VI_CLS_CODE",
  "EXCH_CLS_CODE",
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
export const PLAIN_LAYOUTS: ReadonlyMap<string, RecordLayout> = new Map(
  (Object.keys(LAYOUTS) as RealtimeTrId[])
    .filter((trId) => !trId.startsWith("H0STCNI"))
    .map((trId) => [trId, layoutOf(trId, LAYOUTS[trId])]),
);

/**
 * Decoded records of one frame, record-major: field f of record r is at index r × width + f.
 * Numeric columns are in `numbers` (NaN when empty; the value at a text column is meaningless);
 * text columns are sliced from the frame on demand by `text(index)`, so columns nobody reads cost nothing. The batch is reused by the next
 * decode of the same TR: read it before decoding another frame.
 */
const INTERNED = new Map<number, string>();

export class RecordBatch {
  count = 0;
  raw: Buffer = EMPTY;
  readonly width: number;
  readonly numbers: Float64Array;
  /** offset in `raw` where each token starts; a token ends one before the next one starts */
  readonly starts: Int32Array;

  /** The decoder's result for this batch, reused like the batch itself: no allocation per frame. */
  readonly frame: { kind: "data"; batch: RecordBatch };

  constructor(
    readonly layout: RecordLayout,
    capacity: number,
  ) {
    this.frame = { kind: "data", batch: this };
    this.width = layout.fields.length;
    this.numbers = new Float64Array(capacity);
    this.starts = new Int32Array(capacity);
  }

  /** First byte of a column (0 when empty): one-letter codes such as Y/N compare without a string. */
  firstByte(index: number): number {
    const start = this.starts[index] ?? 0;
    const end = index + 1 < this.count * this.width ? (this.starts[index + 1] ?? 0) - 1 : this.raw.length;
    return end > start ? (this.raw[start] ?? 0) : 0;
  }

  /**
   * A short code column (stock code), interned: the same few codes arrive on every frame, so a
   * numeric key of their bytes finds the string without a native slice.
   */
  code(index: number): string {
    const start = this.starts[index] ?? 0;
    const end = index + 1 < this.count * this.width ? (this.starts[index + 1] ?? 0) - 1 : this.raw.length;
    if (end - start > 6) return this.text(index);
    let key = end - start;
    for (let i = start; i < end; i++) key = key * 256 + (this.raw[i] ?? 0);
    let value = INTERNED.get(key);
    if (value === undefined) {
      if (INTERNED.size > 10_000) INTERNED.clear();
      value = this.text(index);
      INTERNED.set(key, value);
    }
    return value;
  }

  text(index: number): string {
    const end = index + 1 < this.count * this.width ? (this.starts[index + 1] ?? 0) - 1 : this.raw.length;
    return this.raw.toString("utf8", this.starts[index], end);
  }
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
const PIPE = 124;
const EMPTY = Buffer.alloc(0);

/** Reusable decoder: one batch buffer per TR, grown on demand. */
export class FrameDecoder {
  /** by index in KNOWN_TRS */
  private readonly batches: Array<RecordBatch | undefined> = [];

  /**
   * Decodes one frame. `ws` delivers Buffers: data frames are scanned as bytes (no string
   * conversion); control frames are read as UTF-8 JSON. A data result and its batch are reused by
   * the next decode of the same TR.
   */
  decode(input: string | Buffer): DecodedFrame {
    const raw = typeof input === "string" ? Buffer.from(input, "utf8") : input;
    if (raw[0] === 123) return decodeControl(raw.toString("utf8"));
    const p1 = nextPipe(raw, 0);
    const p2 = p1 < 0 ? -1 : nextPipe(raw, p1 + 1);
    const p3 = p2 < 0 ? -1 : nextPipe(raw, p2 + 1);
    if (p3 < 0) return malformed("expected enc|tr_id|count|payload", raw);
    const known = knownIndex(raw, p1 + 1, p2);
    const count = parseCount(raw, p2 + 1, p3);
    if (count <= 0) return malformed(`expected a positive record count, received '${raw.toString("utf8", p2 + 1, p3)}'`, raw);
    if (raw[0] === 49)
      return { kind: "encrypted", trId: raw.toString("latin1", p1 + 1, p2), count, payload: raw.toString("latin1", p3 + 1) };
    if (known < 0) return { kind: "unsupported", trId: raw.toString("latin1", p1 + 1, p2) };
    const batch = this.batchFor(known, count, raw);
    const tokens = scanPayload(raw, p3 + 1, batch);
    if (tokens !== count * batch.width) {
      return { kind: "drift", trId: batch.layout.trId, count, tokens, expectedWidth: batch.width };
    }
    return batch.frame;
  }

  private batchFor(known: number, count: number, raw: Buffer): RecordBatch {
    let batch = this.batches[known];
    const layout = (KNOWN_TRS[known] as KnownTr).layout;
    const width = layout.fields.length;
    if (batch === undefined || batch.numbers.length < count * width) {
      batch = new RecordBatch(layout, Math.max(count, 4) * width);
      this.batches[known] = batch;
    }
    batch.count = count;
    batch.raw = raw;
    return batch;
  }
}

/** The header is a few bytes: a JS loop beats a native indexOf call per frame. */
function nextPipe(raw: Buffer, from: number): number {
  const end = Math.min(raw.length, from + 32);
  for (let i = from; i < end; i++) if (raw[i] === PIPE) return i;
  return -1;
}

interface KnownTr {
  bytes: Buffer;
  layout: RecordLayout;
}

const KNOWN_TRS: readonly KnownTr[] = [...PLAIN_LAYOUTS.values()].map((layout) => ({ bytes: Buffer.from(layout.trId, "latin1"), layout }));

/** Index in KNOWN_TRS of the tr_id bytes, or -1; no string is made. */
function knownIndex(raw: Buffer, from: number, to: number): number {
  for (let t = 0; t < KNOWN_TRS.length; t++) {
    const bytes = (KNOWN_TRS[t] as KnownTr).bytes;
    if (bytes.length !== to - from) continue;
    let same = true;
    for (let k = 0; k < bytes.length && same; k++) same = raw[from + k] === bytes[k];
    if (same) return t;
  }
  return -1;
}

function parseCount(raw: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = (raw[i] ?? 0) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return to > from ? n : -1;
}

/**
 * The payload is copied into this buffer with a caret after it, so the scan needs no bounds check
 * per byte: every token, the last one included, ends at a caret. Grown on demand.
 */
let scratch = new Uint8Array(16_384);

/**
 * One pass over the payload. Every token gets the same tight digit loop (text columns too, whose
 * number is then meaningless) and a span, so there is no per-column branch on the hot path.
 * Returns the number of `^`-separated tokens seen; the batch holds valid records only when that
 * equals count × width (extra tokens are counted, not stored).
 */
function scanPayload(raw: Buffer, start: number, batch: RecordBatch): number {
  const n = raw.length;
  if (scratch.length <= n) scratch = new Uint8Array(2 * (n + 1));
  const s = scratch;
  // The whole frame, so positions in `s` are positions in `raw` (a subarray would allocate).
  s.set(raw, 0);
  s[n] = CARET;
  const limit = batch.count * batch.width;
  const { numbers, starts, width } = batch;
  const numeric = batch.layout.numeric;
  let i = start;
  let token = 0;
  for (;;) {
    if (token >= limit) {
      // Drift: more tokens than the layout expects. Count them for the report.
      for (; i < n; i++) if (s[i] === CARET) token++;
      return token + 1;
    }
    const begin = i;
    let c = s[i] as number;
    const negative = c === 45;
    if (negative) c = s[++i] as number;
    const firstDigit = i;
    let value = 0;
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      c = s[++i] as number;
    }
    if (c === 46) {
      let scale = 1;
      c = s[++i] as number;
      while (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        scale *= 10;
        c = s[++i] as number;
      }
      value /= scale;
    }
    if (c !== CARET) {
      // Text, or an exponent/space in a numeric column: Number() keeps exact semantics there.
      while (s[i] !== CARET) i++;
      value = numeric[token % width] === 1 ? Number(raw.toString("latin1", begin, i)) : NaN;
    } else if (i === firstDigit) value = NaN;
    else if (value > Number.MAX_SAFE_INTEGER) value = Number(raw.toString("latin1", begin, i));
    else if (negative) value = -value;
    numbers[token] = value;
    starts[token] = begin;
    token++;
    if (i >= n) return token;
    i++;
  }
}

function malformed(reason: string, raw: Buffer | string): DecodedFrame {
  return { kind: "malformed", reason, head: (typeof raw === "string" ? raw : raw.toString("utf8", 0, 40)).slice(0, 40) };
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});

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
