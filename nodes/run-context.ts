/**
 * A run's stored context (run_context) as the nodes use it: the account snapshot, the market context
 * and the investigation's turns are stored once under a ref and loaded by it, so that checkpoints carry
 * references instead of copies. Storing returns what is stored: a node that runs again (a resumed
 * run) goes on with what its first attempt stored, never with a second reading.
 */
import {
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
  type BaseMessage,
  type StoredMessage,
} from "@langchain/core/messages";
import { AppError } from "../core/errors.js";
import { AccountSnapshot, accountRefOf, type AccountRef } from "../state/account-snapshot.js";
import { MarketContext, marketRefOf, type MarketRef } from "../state/market-context.js";

/** The run_context table (db/run-context-repo.ts). */
export interface RunContextStore {
  put(runId: string, ref: string, kind: string, value: unknown, nowMs: number): unknown;
  get(runId: string, ref: string): unknown;
}

export type RunContext = ReturnType<typeof createRunContext>;

const ACCOUNT = "account";
const MARKET = "market";

export function createRunContext(store: RunContextStore, now: () => number) {
  const load = (runId: string, ref: string): unknown => {
    const body = store.get(runId, ref);
    if (body === undefined) throw new AppError("NOT_FOUND", `run ${runId} has no stored ${ref} (run_context)`);
    return body;
  };
  return {
    saveAccount(runId: string, account: AccountSnapshot): { accountRef: AccountRef; account: AccountSnapshot } {
      const stored = AccountSnapshot.parse(store.put(runId, ACCOUNT, ACCOUNT, account, now()));
      return { accountRef: accountRefOf(ACCOUNT, stored), account: stored };
    },
    account(state: { runId: string; accountRef: AccountRef | null }): AccountSnapshot | null {
      return state.accountRef ? AccountSnapshot.parse(load(state.runId, state.accountRef.ref)) : null;
    },
    saveMarket(runId: string, market: MarketContext): { marketRef: MarketRef; market: MarketContext } {
      const stored = MarketContext.parse(store.put(runId, MARKET, MARKET, market, now()));
      return { marketRef: marketRefOf(MARKET, stored), market: stored };
    },
    market(state: { runId: string; marketRef: MarketRef | null }): MarketContext | null {
      return state.marketRef ? MarketContext.parse(load(state.runId, state.marketRef.ref)) : null;
    },
    /** Stores one turn of the investigation after those already in `state.transcript`; returns its ref and messages. */
    saveTurn(state: { runId: string; transcript: string[] }, messages: BaseMessage[]): { ref: string; messages: BaseMessage[] } {
      const ref = `transcript:${state.transcript.length}`;
      const stored = store.put(state.runId, ref, "transcript", mapChatMessagesToStoredMessages(messages), now());
      return { ref, messages: mapStoredMessagesToChatMessages(stored as StoredMessage[]) };
    },
    /** The investigation's messages so far, in order. */
    transcript(state: { runId: string; transcript: string[] }): BaseMessage[] {
      return state.transcript.flatMap((ref) => mapStoredMessagesToChatMessages(load(state.runId, ref) as StoredMessage[]));
    },
  };
}
