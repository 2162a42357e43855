/**
 * Investor-class net buying per symbol, from an injected source (the REST investor-flow data; the
 * KIS socket has no per-stock investor feed, reference §4.17), refreshed by a small poller.
 */
import type { Logger } from "../core/logger.js";
import { errorMessage } from "../core/errors.js";
import type { InvestorClass } from "./indicators/columns.js";

/** Net buying quantity per class; a class the source does not report is absent. */
export type InvestorFlows = Partial<Record<InvestorClass, number>>;

export interface InvestorFlowSource {
  fetch(symbol: string): Promise<InvestorFlows>;
}

export interface InvestorFlowPollerOptions {
  source: InvestorFlowSource;
  /** symbols to refresh on each round (read every round, so the list can change) */
  symbols: () => readonly string[];
  onFlows: (symbol: string, flows: InvestorFlows) => void;
  logger: Logger;
  /** @defaultValue 60_000 */
  intervalMs?: number;
}

/** Polls every symbol sequentially each round; a failed symbol is logged and skipped. */
export function createInvestorFlowPoller(options: InvestorFlowPollerOptions): { pollOnce(): Promise<void>; start(): void; stop(): void } {
  const log = options.logger.child({ module: "market.investor-flow" });
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const pollOnce = async () => {
    if (running) return;
    running = true;
    try {
      for (const symbol of options.symbols()) {
        try {
          options.onFlows(symbol, await options.source.fetch(symbol));
        } catch (err) {
          log.warn("investor flows unavailable", { symbol, error: errorMessage(err) });
        }
      }
    } finally {
      running = false;
    }
  };
  return {
    pollOnce,
    start: () => {
      timer ??= setInterval(() => void pollOnce(), options.intervalMs ?? 60_000);
    },
    stop: () => {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
