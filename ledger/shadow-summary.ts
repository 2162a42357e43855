/**
 * What a shadowing showed: over its runs, how often the candidate decided (a valid plan in bounds),
 * how often it agreed with the active version (the same buys and sells, by side and symbol; two
 * empty plans agree), what each bought and sold, and the runs where they differed. Pure.
 */
import type { ShadowedDecision, ShadowRecord } from "../db/prompt-shadows-repo.js";

export interface ShadowDisagreement {
  runId: string;
  decidedAtMs: number;
  active: string;
  candidate: string;
}

export interface ShadowSummary {
  runs: number;
  candidateDecided: number;
  candidateErrors: number;
  agreed: number;
  /** agreed ÷ runs where both decided, %; null when there is none */
  agreementPct: number | null;
  candidate: { buys: number; sells: number };
  active: { buys: number; sells: number };
  /** newest first */
  disagreements: ShadowDisagreement[];
}

const intents = (d: ShadowedDecision) => [...new Set(d.actions.map((a) => `${a.side} ${a.symbol}`))].sort().join(",");

const count = (ds: Array<ShadowedDecision | null>, side: "buy" | "sell") =>
  ds.reduce((n, d) => n + (d?.actions.filter((a) => a.side === side).length ?? 0), 0);

/** "buy 005930×10 @71,000; sell 000660×3 @market", "no trade", or the reason there was no decision. */
export function describeDecision(d: ShadowedDecision | null, error: string | null): string {
  if (!d) return `no decision: ${error ?? "-"}`;
  if (d.actions.length === 0) return "no trade";
  return d.actions
    .map((a) => `${a.side} ${a.symbol}×${a.quantity} @${a.limitPriceKrw === null ? "market" : a.limitPriceKrw.toLocaleString("en-US")}`)
    .join("; ");
}

export function summarizeShadow(records: readonly ShadowRecord[]): ShadowSummary {
  const both = records.filter((r) => r.decision && r.activeDecision);
  const differs = (r: ShadowRecord) => !r.decision || !r.activeDecision || intents(r.decision) !== intents(r.activeDecision);
  const agreed = both.filter((r) => !differs(r)).length;
  return {
    runs: records.length,
    candidateDecided: records.filter((r) => r.decision).length,
    candidateErrors: records.filter((r) => !r.decision).length,
    agreed,
    agreementPct: both.length > 0 ? Math.round((agreed / both.length) * 1000) / 10 : null,
    candidate: {
      buys: count(
        records.map((r) => r.decision),
        "buy",
      ),
      sells: count(
        records.map((r) => r.decision),
        "sell",
      ),
    },
    active: {
      buys: count(
        records.map((r) => r.activeDecision),
        "buy",
      ),
      sells: count(
        records.map((r) => r.activeDecision),
        "sell",
      ),
    },
    disagreements: records
      .filter(differs)
      .reverse()
      .map((r) => ({
        runId: r.runId,
        decidedAtMs: r.decidedAtMs,
        active: describeDecision(r.activeDecision, r.activeError),
        candidate: describeDecision(r.decision, r.error),
      })),
  };
}
