/**
 * Turns exchange events into KIS real-time frames for the sessions that registered for them.
 * Records are formatted when the event happens (the state they describe moves on) and sent at the
 * next flush: trades of one symbol packed into multi-record frames, only the latest book per
 * symbol (the throttle), and execution notices encrypted per subscription. KRX (H0ST*), NXT
 * (H0NX*) and integrated (H0UN*) feeds come from the events; expected prices, market status and
 * indices are sampled at each flush and sent when they changed for that registration.
 */
import type { Logger } from "../../../core/logger.js";
import type { BookSnapshot, ExchangeEvent, SimExchange, SymbolState, TradePrint } from "../../exchange.js";
import { integratedBook, integratedState } from "../../market/nxt-venue.js";
import {
  bookRecord,
  dataFrame,
  expectedRecord,
  noticeRecord,
  programRecord,
  tradeRecord,
  type NoticeEvent,
} from "../../wire/realtime-records.js";
import { indexRecord, marketStatusRecord } from "../../wire/status-records.js";
import { sessionPhase } from "../../../venue/krx.js";
import { encryptNotice } from "./notice-cipher.js";
import type { WsSession } from "./ws-session.js";

const MAX_RECORDS_PER_FRAME = 50;
const ACCOUNT_NAME = "모의계좌";
/** Feeds whose records accumulate between flushes (every record is sent). */
const PACKED_TRS = ["H0STCNT0", "H0NXCNT0", "H0UNCNT0", "H0STPGM0"] as const;
/** Feeds of which only the latest record per symbol is sent. */
const LATEST_TRS = ["H0STASP0", "H0NXASP0", "H0UNASP0"] as const;
/** Feeds an NXT print changes. */
const NXT_FED_TRS = ["H0NXCNT0", "H0NXASP0", "H0UNCNT0", "H0UNASP0"] as const;
/** The order a flush sends them in: trades, then books, then program trading. */
const SEND_ORDER = ["H0STCNT0", "H0NXCNT0", "H0UNCNT0", "H0STASP0", "H0NXASP0", "H0UNASP0", "H0STPGM0"] as const;

export interface FeedBroadcaster {
  /** Sends everything gathered since the last flush. */
  flush(): void;
  stop(): void;
}

type ByCode<V> = Map<string, V>;

export function createFeedBroadcaster(exchange: SimExchange, sessions: () => Iterable<WsSession>, log: Logger): FeedBroadcaster {
  const packed = new Map<string, ByCode<string[]>>(PACKED_TRS.map((trId) => [trId, new Map()]));
  const latest = new Map<string, ByCode<string>>(LATEST_TRS.map((trId) => [trId, new Map()]));
  const notices: NoticeEvent[] = [];
  /** per session, the last sampled record (or its key) sent on each registration */
  const sampled = new WeakMap<WsSession, Map<string, { key: string; state?: unknown }>>();

  const watched = (trId: string, code: string) => {
    for (const s of sessions()) if (s.has(trId, code)) return true;
    return false;
  };
  const push = (trId: string, code: string, record: string) => {
    const pending = packed.get(trId)!;
    const records = pending.get(code);
    if (records) records.push(record);
    else pending.set(code, [record]);
  };

  /** Both venues of a symbol as they are now: the KRX side from the event when it has one, else the exchange's. */
  function venues(code: string, krx?: { state: SymbolState; book: BookSnapshot }) {
    const k = krx ?? { state: exchange.symbol(code), book: exchange.book(code) };
    const n = exchange.nxt(code);
    if (!k.state || !k.book || !n) return undefined;
    return { krx: { state: k.state, book: k.book }, nxt: n };
  }

  function integrated(trade: TradePrint | undefined, code: string, v: NonNullable<ReturnType<typeof venues>>): void {
    const state = integratedState(v.krx.state, v.nxt.state);
    const book = integratedBook(v.krx.book, v.nxt.book);
    if (trade && watched("H0UNCNT0", code)) push("H0UNCNT0", code, tradeRecord({ trade, state, book }));
    if (watched("H0UNASP0", code)) latest.get("H0UNASP0")!.set(code, bookRecord(book, state, { krx: v.krx.book, nxt: v.nxt.book }));
  }

  function onEvent(e: ExchangeEvent): void {
    if (e.kind === "trade") {
      const code = e.trade.code;
      if (watched("H0STCNT0", code)) push("H0STCNT0", code, tradeRecord(e));
      if (watched("H0UNCNT0", code)) {
        const v = venues(code, e);
        if (v) integrated(e.trade, code, v);
      }
    } else if (e.kind === "nxtTrade") {
      const code = e.trade.code;
      if (!NXT_FED_TRS.some((trId) => watched(trId, code))) return;
      const v = venues(code);
      if (!v) return;
      if (watched("H0NXCNT0", code)) push("H0NXCNT0", code, tradeRecord({ trade: e.trade, state: v.nxt.state, book: v.nxt.book }));
      if (watched("H0NXASP0", code))
        latest.get("H0NXASP0")!.set(code, bookRecord(v.nxt.book, v.nxt.state, { krx: v.krx.book, nxt: v.nxt.book }));
      integrated(e.trade, code, v);
    } else if (e.kind === "book") {
      const code = e.book.code;
      if (watched("H0STASP0", code)) {
        const state = exchange.symbol(code);
        if (state) latest.get("H0STASP0")!.set(code, bookRecord(e.book, state));
      }
      if (watched("H0UNASP0", code)) {
        const v = venues(code, { state: exchange.symbol(code)!, book: e.book });
        if (v) integrated(undefined, code, v);
      }
    } else if (e.kind === "program" && watched("H0STPGM0", e.program.code)) push("H0STPGM0", e.program.code, programRecord(e.program));
    else if (e.kind === "order" || e.kind === "fill") notices.push(e);
  }

  function sendTo(trId: string, code: string, frame: string): void {
    for (const s of sessions()) if (s.has(trId, code)) s.send(frame);
  }

  function flushEvents(): void {
    for (const trId of SEND_ORDER) {
      const many = packed.get(trId);
      if (many) {
        for (const [code, records] of many) {
          for (let i = 0; i < records.length; i += MAX_RECORDS_PER_FRAME)
            sendTo(trId, code, dataFrame(trId, records.slice(i, i + MAX_RECORDS_PER_FRAME)));
        }
        many.clear();
      }
      const one = latest.get(trId);
      if (one) {
        for (const [code, record] of one) sendTo(trId, code, dataFrame(trId, [record]));
        one.clear();
      }
    }
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

  /** The sampled feed's record for a registration now, with the key that says whether it changed; undefined when there is nothing to say. */
  function sample(
    trId: string,
    trKey: string,
    nowMs: number,
    last: { state?: unknown } | undefined,
  ): { key: string; record: string; state?: unknown } | undefined {
    if (trId === "H0UPCNT0") {
      const index = exchange.index(trKey);
      if (!index) return undefined;
      const previous = last?.state as typeof index | undefined;
      return {
        key: `${index.value}|${index.volume}`,
        record: indexRecord({ index, timeMs: nowMs, ...(previous ? { previous } : {}) }),
        state: index,
      };
    }
    const state = exchange.symbol(trKey);
    if (!state) return undefined;
    if (trId === "H0STMKO0") {
      const record = marketStatusRecord({ code: trKey, halted: state.halted, viActive: false, timeMs: nowMs });
      return { key: record, record };
    }
    const indicative = exchange.indicative(trKey);
    const book = exchange.book(trKey);
    if (!indicative || !book) return undefined;
    const auction = sessionPhase(nowMs) === "PRE_OPEN_AUCTION" ? "opening" : "closing";
    const trade: TradePrint = {
      code: trKey,
      timeMs: nowMs,
      priceKrw: indicative.priceKrw,
      quantity: indicative.quantity,
      aggressor: "buy",
    };
    const expectedState =
      auction === "opening"
        ? {
            ...state,
            openKrw: indicative.priceKrw,
            highKrw: indicative.priceKrw,
            lowKrw: indicative.priceKrw,
            openMs: nowMs,
            highMs: nowMs,
            lowMs: nowMs,
          }
        : state;
    return { key: `${indicative.priceKrw}|${indicative.quantity}`, record: expectedRecord({ trade, state: expectedState, book }, auction) };
  }

  function flushSampled(): void {
    const nowMs = exchange.clock.now();
    for (const s of sessions()) {
      let sent = sampled.get(s);
      if (!sent) sampled.set(s, (sent = new Map()));
      const current = new Set<string>();
      for (const sub of s.sampledSubscriptions()) {
        const id = `${sub.trId}|${sub.trKey}`;
        current.add(id);
        const last = sent.get(id);
        const next = sample(sub.trId, sub.trKey, nowMs, last);
        if (!next || next.key === last?.key) continue;
        sent.set(id, { key: next.key, state: next.state });
        s.send(dataFrame(sub.trId, [next.record]));
      }
      // A registration dropped and made again starts over with the current record.
      for (const id of sent.keys()) if (!current.has(id)) sent.delete(id);
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
      flushEvents();
      flushSampled();
      for (const e of notices.splice(0)) sendNotice(e);
    },
    stop: unsubscribe,
  };
}
