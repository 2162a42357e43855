/**
 * Per-symbol real-time state: routes trade, book and program events and investor flows to each
 * symbol's indicators, hands the 44-column row of every trade to a sink (the tick writer) and
 * trigger events to a listener.
 */
import type { BookUpdate, ProgramUpdate, TradeTick } from "../core/market-events.js";
import type { TickRow } from "./indicators/columns.js";
import { SymbolIndicators } from "./indicators/symbol-indicators.js";
import type { InvestorFlows } from "./investor-flow.js";
import type { TriggerEngine, TriggerEvent } from "./triggers.js";

export interface TickStoreOptions {
  sink?: { write(row: TickRow): void };
  triggers?: TriggerEngine;
  onTrigger?: (event: TriggerEvent) => void;
}

export class TickStore {
  private readonly states = new Map<string, SymbolIndicators>();

  constructor(private readonly options: TickStoreOptions = {}) {}

  onTrade(tick: TradeTick): void {
    const state = this.stateOf(tick.symbol);
    state.onTrade(tick);
    this.options.sink?.write(state.toRow());
    if (this.options.triggers) this.emit(this.options.triggers.onTrade(state, tick));
  }

  onBook(book: BookUpdate): void {
    this.stateOf(book.symbol).onBook(book);
  }

  onProgram(update: ProgramUpdate): void {
    this.stateOf(update.symbol).onProgram(update);
    if (this.options.triggers) this.emit(this.options.triggers.onProgram(update));
  }

  setInvestorFlows(symbol: string, flows: InvestorFlows): void {
    this.stateOf(symbol).setInvestorFlows(flows);
  }

  get(symbol: string): SymbolIndicators | undefined {
    return this.states.get(symbol);
  }

  symbols(): string[] {
    return [...this.states.keys()];
  }

  private emit(events: TriggerEvent[]): void {
    for (const event of events) this.options.onTrigger?.(event);
  }

  private stateOf(symbol: string): SymbolIndicators {
    let state = this.states.get(symbol);
    if (state === undefined) {
      state = new SymbolIndicators(symbol);
      this.states.set(symbol, state);
    }
    return state;
  }
}
