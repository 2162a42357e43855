/**
 * Where a trading run's live view of a symbol comes from: the feed's own memory when the feed runs in
 * the same process (the live pipeline), or the snapshots the feed published for other processes.
 * A published snapshot is aged on the reader's clock and marked stale when its price is old or the
 * feed stopped publishing — a dead feed's last values are never served as fresh.
 */
import type { SymbolSnapshot } from "./snapshot.js";

export interface SnapshotSource {
  /** The latest view of one symbol, or null when there is none. */
  snapshot(symbol: string): SymbolSnapshot | null;
}

/** What a feed publishes at once: every symbol's snapshot, stamped with the feed's (market) clock. */
export interface PublishedSnapshots {
  publishedAtMs: number;
  snapshots: Record<string, SymbolSnapshot>;
}

export interface AgingOptions {
  /** a price older than this (exchange time vs now) is stale @defaultValue 10_000, as market/snapshot.ts */
  maxAgeMs?: number;
  /** a publication older than this means the feed is down: everything in it is stale @defaultValue 5_000 */
  maxSilenceMs?: number;
}

/** One published snapshot as it stands at `nowMs` on the reader's clock. */
export function agedSnapshot(s: SymbolSnapshot, publishedAtMs: number, nowMs: number, options: AgingOptions = {}): SymbolSnapshot {
  const ageMs = Math.max(s.ageMs, nowMs - s.exchangeTimeMs);
  const silent = nowMs - publishedAtMs > (options.maxSilenceMs ?? 5_000);
  return { ...s, ageMs, stale: s.stale || silent || ageMs > (options.maxAgeMs ?? 10_000) };
}
