/**
 * Time as the rest of the system sees it. Nothing else reads Date.now(): risk, staleness,
 * scheduling and the simulator stay deterministic because a clock is injected.
 * All times are epoch milliseconds; KST (UTC+9, no DST) is the only local time there is.
 */

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Stepped by a driver (replay, backtest, tests). */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Runs `speed` times faster than the wall clock from `startMs`; speed 1 with start = now is the wall clock. */
export class AcceleratedClock implements Clock {
  private readonly wallStart: number;
  constructor(
    private readonly startMs: number,
    private readonly speed: number,
    private readonly wall: Clock = systemClock,
  ) {
    this.wallStart = wall.now();
  }
  now(): number {
    return this.startMs + (this.wall.now() - this.wallStart) * this.speed;
  }
}

export const KST_OFFSET_MS = 9 * 3_600_000;

export interface KstParts {
  /** YYYYMMDD */
  date: string;
  /** HHMMSS */
  time: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** seconds since KST midnight */
  secondOfDay: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function kstParts(ms: number): KstParts {
  const d = new Date(ms + KST_OFFSET_MS);
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return {
    date: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`,
    time: `${pad(h)}${pad(m)}${pad(s)}`,
    weekday: d.getUTCDay(),
    secondOfDay: h * 3600 + m * 60 + s,
  };
}

/** Epoch ms of a KST wall time; `date` is YYYYMMDD, `time` HHMMSS (default midnight). */
export function fromKst(date: string, time = "000000"): number {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  const h = Number(time.slice(0, 2));
  const mi = Number(time.slice(2, 4));
  const s = Number(time.slice(4, 6));
  return Date.UTC(y, mo - 1, d, h, mi, s) - KST_OFFSET_MS;
}

/** "2026-11-23T09:00:00+09:00" */
export function formatKstIso(ms: number): string {
  const { date, time } = kstParts(ms);
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}+09:00`;
}

/** Adds whole days to a YYYYMMDD date. */
export function addDays(date: string, days: number): string {
  return kstParts(fromKst(date, "120000") + days * 86_400_000).date;
}
