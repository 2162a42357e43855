/**
 * The real-time registration budget (reference §5.1, §6.7: 41 (feed, key) registrations per
 * session). Ranks symbols P1 holdings, P2 daily picks / watchlist, P3 scanner finds; computes the
 * desired registration set and the subscribe/unsubscribe diff the feed applies. Pure bookkeeping
 * in feed kinds; the broker maps them to its wire names.
 */
import type { FeedKind, FeedSubscription } from "../core/market-events.js";

export interface BudgetDiff {
  subscribe: FeedSubscription[];
  unsubscribe: FeedSubscription[];
  /** symbols that lost every feed this time, lowest priority and oldest first */
  evicted: string[];
}

export type Priority = 1 | 2 | 3;

export interface BudgetOptions {
  /** execution-notice registration, always kept (the notice feed with the HTS ID) */
  notice: FeedSubscription;
  /** @defaultValue 41 */
  cap?: number;
  /** feeds of a symbol when the budget allows @defaultValue ["trade", "book"] */
  fullFeeds?: FeedKind[];
  /** feeds when short; holdings keep the full set first @defaultValue ["trade"] */
  reducedFeeds?: FeedKind[];
}

interface Entry {
  symbol: string;
  priority: Priority;
  /** insertion order within the current priority: larger is newer */
  seq: number;
}

const key = (r: FeedSubscription) => `${r.feed}|${r.key}`;

export class SubscriptionBudget {
  private readonly cap: number;
  private readonly fullFeeds: FeedKind[];
  private readonly reducedFeeds: FeedKind[];
  private holdings = new Set<string>();
  private picks = new Set<string>();
  private readonly scanner = new Map<string, number>();
  private readonly seqs = new Map<string, { priority: Priority; seq: number }>();
  private nextSeq = 0;
  private active = new Map<string, FeedSubscription>();

  constructor(private readonly options: BudgetOptions) {
    this.cap = options.cap ?? 41;
    this.fullFeeds = options.fullFeeds ?? ["trade", "book"];
    this.reducedFeeds = options.reducedFeeds ?? ["trade"];
  }

  /** P1: the symbols held now (replaces the previous list). */
  syncWithPortfolio(holdings: readonly string[]): BudgetDiff {
    this.holdings = new Set(holdings);
    return this.rebalance();
  }

  /** P2: today's picks and the watchlist (replaces the previous list). */
  updatePicks(list: readonly string[]): BudgetDiff {
    this.picks = new Set(list);
    return this.rebalance();
  }

  /** P3: scanner finds, added to earlier finds; a repeat find counts as new. */
  addScannerFinds(list: readonly string[]): BudgetDiff {
    for (const symbol of list) this.scanner.set(symbol, this.nextSeq++);
    return this.rebalance();
  }

  /** The registrations the session should hold now. */
  desired(): FeedSubscription[] {
    return [...this.active.values()];
  }

  private entries(): Entry[] {
    const out: Entry[] = [];
    const all = new Set([...this.holdings, ...this.picks, ...this.scanner.keys()]);
    for (const symbol of all) {
      const priority: Priority = this.holdings.has(symbol) ? 1 : this.picks.has(symbol) ? 2 : 3;
      const previous = this.seqs.get(symbol);
      const seq = priority === 3 ? (this.scanner.get(symbol) ?? 0) : previous?.priority === priority ? previous.seq : this.nextSeq++;
      this.seqs.set(symbol, { priority, seq });
      out.push({ symbol, priority, seq });
    }
    for (const symbol of this.seqs.keys()) if (!all.has(symbol)) this.seqs.delete(symbol);
    // Keep order: highest priority first, newest first within a priority.
    return out.sort((a, b) => a.priority - b.priority || b.seq - a.seq);
  }

  /** Feeds per symbol: everyone full if it fits; else holdings full, the rest reduced, newest kept. */
  private allocate(entries: Entry[]): Map<string, FeedKind[]> {
    const slots = this.cap - 1;
    const plan = new Map<string, FeedKind[]>();
    if (entries.length * this.fullFeeds.length <= slots) {
      for (const e of entries) plan.set(e.symbol, this.fullFeeds);
      return plan;
    }
    let used = 0;
    for (const e of entries) {
      const feeds = e.priority === 1 ? this.fullFeeds : this.reducedFeeds;
      if (used + feeds.length <= slots) {
        plan.set(e.symbol, feeds);
        used += feeds.length;
      } else if (used + this.reducedFeeds.length <= slots) {
        plan.set(e.symbol, this.reducedFeeds);
        used += this.reducedFeeds.length;
      }
    }
    return plan;
  }

  private rebalance(): BudgetDiff {
    const entries = this.entries();
    const plan = this.allocate(entries);
    const next = new Map<string, FeedSubscription>([[key(this.options.notice), this.options.notice]]);
    for (const [symbol, feeds] of plan) for (const feed of feeds) next.set(`${feed}|${symbol}`, { feed, key: symbol });
    const evicted = entries
      .filter((e) => !plan.has(e.symbol))
      .map((e) => e.symbol)
      .reverse();
    for (const symbol of evicted) this.scanner.delete(symbol); // an evicted find must be found again
    const diff: BudgetDiff = {
      subscribe: [...next].filter(([k]) => !this.active.has(k)).map(([, r]) => r),
      unsubscribe: [...this.active].filter(([k]) => !next.has(k)).map(([, r]) => r),
      evicted,
    };
    this.active = next;
    return diff;
  }
}
