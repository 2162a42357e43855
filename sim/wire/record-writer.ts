/**
 * Writes ASCII record text straight into a reused byte buffer: integers, two-decimal numbers and
 * KST times as digits, with no intermediate strings, then returns one flat string (a `+`-built
 * record costs ~1.5× more to build and flatten). A record starts with `begin(maxBytes)`, which
 * reserves room so the per-field writes need no bounds checks; `finish()` returns it.
 */
import { Buffer } from "node:buffer";
import { KST_OFFSET_MS, kstParts } from "../../core/clock.js";

const CARET = 0x5e;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

export class RecordWriter {
  private buf: Buffer;
  private at = 0;
  private digits = new Uint8Array(24);
  private memoDay = Number.NaN;
  private memoDate = "";

  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private ensure(extra: number): void {
    if (this.at + extra <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + extra));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** Starts a record of at most `maxBytes` (numbers count 22 bytes, separators 1, text its length). */
  begin(maxBytes: number): this {
    this.at = 0;
    this.ensure(maxBytes);
    return this;
  }

  /** Field separator. */
  sep(): this {
    this.buf[this.at++] = CARET;
    return this;
  }

  /** ASCII text (codes, flags); non-ASCII input is not expected here. */
  text(s: string): this {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
    return this;
  }

  /** An integer (rounded), with a minus sign when negative. */
  int(value: number): this {
    let n = Math.round(value);
    if (n < 0) {
      this.buf[this.at++] = MINUS;
      n = -n;
    }
    if (n < 10) {
      this.buf[this.at++] = ZERO + n;
      return this;
    }
    let k = 0;
    while (n >= 2_147_483_648) {
      const q = Math.floor(n / 10);
      this.digits[k++] = n - q * 10;
      n = q;
    }
    while (n > 0) {
      const q = (n / 10) | 0;
      this.digits[k++] = n - q * 10;
      n = q;
    }
    while (k > 0) this.buf[this.at++] = ZERO + this.digits[--k]!;
    return this;
  }

  /** A number with exactly two decimals; non-finite values write "0.00". */
  fixed2(value: number): this {
    const hundredths = Number.isFinite(value) ? Math.round(value * 100) : 0;
    const abs = hundredths < 0 ? -hundredths : hundredths;
    if (hundredths < 0) this.buf[this.at++] = MINUS;
    const whole = Math.floor(abs / 100);
    const cents = abs - whole * 100;
    this.int(whole);
    this.buf[this.at++] = DOT;
    this.buf[this.at++] = ZERO + ((cents / 10) | 0);
    this.buf[this.at++] = ZERO + (cents % 10);
    return this;
  }

  /** KST `HHMMSS` of an instant. */
  time(ms: number): this {
    const s = Math.floor((ms + KST_OFFSET_MS) / 1000) % 86_400;
    const h = (s / 3600) | 0;
    const m = ((s / 60) | 0) % 60;
    const sec = s % 60;
    const b = this.buf;
    b[this.at++] = ZERO + ((h / 10) | 0);
    b[this.at++] = ZERO + (h % 10);
    b[this.at++] = ZERO + ((m / 10) | 0);
    b[this.at++] = ZERO + (m % 10);
    b[this.at++] = ZERO + ((sec / 10) | 0);
    b[this.at++] = ZERO + (sec % 10);
    return this;
  }

  /** KST `YYYYMMDD` of an instant (the day is memoised: consecutive records share it). */
  date(ms: number): this {
    const day = Math.floor((ms + KST_OFFSET_MS) / 86_400_000);
    if (day !== this.memoDay) {
      this.memoDay = day;
      this.memoDate = kstParts(ms).date;
    }
    return this.text(this.memoDate);
  }

  /** The record written since `begin`, as one flat string. */
  finish(): string {
    return this.buf.toString("latin1", 0, this.at);
  }
}
