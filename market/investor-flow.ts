/**
 * Investor-class net buying per symbol, from an injected source (the REST investor-flow data; the
 * KIS socket has no per-stock investor feed, reference §4.17), refreshed by a small poller that
 * asks for one symbol at a time in rotation, so it costs one REST call per interval whatever the
 * number of symbols (the client's rate limiter is shared with trading).
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
  /** symbols to rotate through (read before every poll, so the list can change) */
  symbols: () => readonly string[];
  onFlows: (symbol: string, flows: InvestorFlows) => void;
  logger: Logger;
  /** one symbol per interval @defaultValue 3_000 */
  intervalMs?: number;
}

export interface InvestorFlowPoller {
  /** Polls the next symbol in rotation; a failure is logged and the rotation moves on. */
  pollNext(): Promise<void>;
  start(): void;
  stop(): void;
}

export function createInvestorFlowPoller(options: InvestorFlowPollerOptions): InvestorFlowPoller {
  const log = options.logger.child({ module: "market.investor-flow" });
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let next = 0;
  const pollNext = async () => {
    const symbols = options.symbols();
    if (running || symbols.length === 0) return;
    const symbol = symbols[next % symbols.length] as string;
    next = (next + 1) % symbols.length;
    running = true;
    try {
      options.onFlows(symbol, await options.source.fetch(symbol));
    } catch (err) {
      log.warn("investor flows unavailable", { symbol, error: errorMessage(err) });
    } finally {
      running = false;
    }
  };
  return {
    pollNext,
    start: () => {
      if (timer !== undefined) return;
      timer = setInterval(() => void pollNext(), options.intervalMs ?? 3_000);
      void pollNext();
    },
    stop: () => {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
