/**
 * Turns exchange events into KIS real-time frames for the sessions that registered for them.
 * Records are formatted when the event happens (the state they describe moves on) and sent at the
 * next flush: trades of one symbol packed into multi-record frames, only the latest book per
 * symbol (the throttle), and execution notices encrypted per subscription.
 */
import type { Logger } from "../../../core/logger.js";
import type { ExchangeEvent, SimExchange } from "../../exchange.js";
import { bookRecord, dataFrame, noticeRecord, programRecord, tradeRecord, type NoticeEvent } from "../../wire/realtime-records.js";
import { encryptNotice } from "./notice-cipher.js";
import type { WsSession } from "./ws-session.js";

const MAX_RECORDS_PER_FRAME = 50;
const ACCOUNT_NAME = "모의계좌";

export interface FeedBroadcaster {
  /** Sends everything gathered since the last flush. */
  flush(): void;
  stop(): void;
}

export function createFeedBroadcaster(exchange: SimExchange, sessions: () => Iterable<WsSession>, log: Logger): FeedBroadcaster {
  const trades = new Map<string, string[]>();
  const programs = new Map<string, string[]>();
  const books = new Map<string, string>();
  const notices: NoticeEvent[] = [];

  const watched = (trId: string, code: string) => {
    for (const s of sessions()) if (s.has(trId, code)) return true;
    return false;
  };
  const push = (into: Map<string, string[]>, code: string, record: string) => {
    const records = into.get(code);
    if (records) records.push(record);
    else into.set(code, [record]);
  };

  function onEvent(e: ExchangeEvent): void {
    if (e.kind === "trade" && watched("H0STCNT0", e.trade.code)) push(trades, e.trade.code, tradeRecord(e));
    else if (e.kind === "book" && watched("H0STASP0", e.book.code)) {
      const state = exchange.symbol(e.book.code);
      if (state) books.set(e.book.code, bookRecord(e.book, state));
    } else if (e.kind === "program" && watched("H0STPGM0", e.program.code)) push(programs, e.program.code, programRecord(e.program));
    else if (e.kind === "order" || e.kind === "fill") notices.push(e);
  }

  function sendTo(trId: string, code: string, frame: string): void {
    for (const s of sessions()) if (s.has(trId, code)) s.send(frame);
  }

  function sendPacked(trId: string, pending: Map<string, string[]>): void {
    for (const [code, records] of pending) {
      for (let i = 0; i < records.length; i += MAX_RECORDS_PER_FRAME) sendTo(trId, code, dataFrame(trId, records.slice(i, i + MAX_RECORDS_PER_FRAME)));
    }
    pending.clear();
  }

  /** Notices go only to the session of the app key that placed the order, on each of its notice registrations. */
  function sendNotice(e: NoticeEvent): void {
    const symbolName = exchange.symbol(e.order.code)?.info.name ?? e.order.code;
    for (const s of sessions()) {
      if (s.appKey !== e.order.appKey) continue;
      for (const sub of s.noticeSubscriptions()) {
        const record = noticeRecord({ event: e, htsId: sub.trKey, accountNo10: e.order.accountId, accountName: ACCOUNT_NAME, symbolName });
        s.send(`1|${sub.trId}|001|${encryptNotice(record, sub.cipher)}`);
      }
    }
  }

  const unsubscribe = exchange.on((e) => {
    try {
      onEvent(e);
    } catch (err) {
      log.error("feed: formatting an exchange event failed", { kind: e.kind, error: String(err) });
    }
  });

  return {
    flush() {
      sendPacked("H0STCNT0", trades);
      for (const [code, record] of books) sendTo("H0STASP0", code, dataFrame("H0STASP0", [record]));
      books.clear();
      sendPacked("H0STPGM0", programs);
      for (const e of notices.splice(0)) sendNotice(e);
    },
    stop: unsubscribe,
  };
}
