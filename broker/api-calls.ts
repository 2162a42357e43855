/**
 * Counts broker API calls and their failures by tr_id over a sliding window, for the health
 * monitor's error rate. A failure is the API itself failing — no answer, a 5xx, a rate limit, an
 * unreadable envelope, an issuance throttle — not a business refusal (KIS answered "no").
 */
import type { AppError, ErrorCode } from "../core/errors.js";

const API_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "BROKER_UNAVAILABLE",
  "BROKER_RATE_LIMITED",
  "BROKER_RESPONSE_INVALID",
  "BROKER_TOKEN_THROTTLED",
]);

export interface ApiCallCounts {
  calls: number;
  errors: number;
}

export interface ApiCallSummary extends ApiCallCounts {
  windowMs: number;
  /** errors / calls; 0 without calls */
  errorRate: number;
  byTrId: Record<string, ApiCallCounts>;
}

interface CallRecord {
  atMs: number;
  trId: string;
  failed: boolean;
}

export class ApiCallWindow {
  private records: CallRecord[] = [];
  private head = 0;

  constructor(
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** The KIS client's onCall hook. */
  readonly record = (trId: string, error?: AppError): void => {
    this.records.push({ atMs: this.now(), trId, failed: error !== undefined && API_FAILURES.has(error.code) });
    // Prune on write too, so a process nobody asks keeps bounded memory.
    if (this.records.length - this.head > 4_096) this.prune();
  };

  /** The window's calls, or only those at or after sinceMs when that is later (evidence since a resume). */
  summary(sinceMs = 0): ApiCallSummary {
    this.prune();
    const byTrId: Record<string, ApiCallCounts> = {};
    let calls = 0;
    let errors = 0;
    for (let i = this.head; i < this.records.length; i++) {
      const r = this.records[i] as CallRecord;
      if (r.atMs < sinceMs) continue;
      calls++;
      const counts = (byTrId[r.trId] ??= { calls: 0, errors: 0 });
      counts.calls++;
      if (r.failed) {
        counts.errors++;
        errors++;
      }
    }
    return { windowMs: this.windowMs, calls, errors, errorRate: calls === 0 ? 0 : errors / calls, byTrId };
  }

  private prune(): void {
    const since = this.now() - this.windowMs;
    while (this.head < this.records.length && (this.records[this.head] as CallRecord).atMs < since) this.head++;
    if (this.head > 0 && this.head >= this.records.length / 2) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }
}
