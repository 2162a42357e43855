/**
 * One WebSocket client: its app key (from the approval key of its first request), its
 * registrations and the KIS acknowledgements (reference §6.2, §6.3, §6.7). At most 41
 * registrations; one session per app key.
 */
import { WebSocket } from "ws";
import { z } from "zod";
import { KRX_CODE_PATTERN } from "../../../venue/krx.js";
import { newNoticeCipher, type NoticeCipher } from "./notice-cipher.js";

export const NOTICE_TRS: ReadonlySet<string> = new Set(["H0STCNI0", "H0STCNI9"]);
/** Feeds of one stock (tr_key: a stock code). */
const STOCK_TRS: ReadonlySet<string> = new Set([
  "H0STCNT0",
  "H0STASP0",
  "H0STPGM0",
  "H0NXCNT0",
  "H0UNCNT0",
  "H0NXASP0",
  "H0UNASP0",
  "H0STANC0",
  "H0STMKO0",
]);
/** Feeds of one index (tr_key: an index code such as 0001). */
const INDEX_TRS: ReadonlySet<string> = new Set(["H0UPCNT0"]);
/** Feeds sampled at each flush rather than sent per exchange event. */
export const SAMPLED_TRS: ReadonlySet<string> = new Set(["H0STANC0", "H0STMKO0", "H0UPCNT0"]);
const INDEX_CODE = /^\d{4}$/;
export const MAX_REGISTRATIONS = 41;

export interface Subscription {
  trId: string;
  /** stock code, or the HTS ID for execution notices */
  trKey: string;
  cipher: NoticeCipher;
}

export interface SessionRegistry {
  /** Binds `appKey` to `session`; false when another open session already holds it. */
  claim(appKey: string, session: WsSession): boolean;
  approvalAppKey(approvalKey: string | undefined): string | undefined;
}

const Request = z.object({
  header: z.object({ approval_key: z.string().optional(), tr_type: z.string() }),
  body: z.object({ input: z.object({ tr_id: z.string(), tr_key: z.string() }) }),
});

interface Ack {
  trId: string;
  trKey: string;
  msgCd: string;
  msg1: string;
  ok: boolean;
  encrypt?: boolean;
  cipher?: NoticeCipher;
}

function ackText(a: Ack): string {
  const body: Record<string, unknown> = { rt_cd: a.ok ? "0" : "1", msg_cd: a.msgCd, msg1: a.msg1 };
  if (a.cipher) body.output = { iv: a.cipher.iv, key: a.cipher.key };
  return JSON.stringify({ header: { tr_id: a.trId, tr_key: a.trKey, encrypt: a.encrypt ? "Y" : "N" }, body });
}

const subKey = (trId: string, trKey: string) => `${trId}|${trKey}`;

export class WsSession {
  appKey: string | undefined;
  /** text frames handed to the socket, for a replay driver's drain */
  sent = 0;
  /** subscribe requests for a registration already held (answered OPSP0002) */
  duplicateRegistrations = 0;
  /** PINGPONG frames sent and echoed: an echo means the client has read every frame sent before its ping */
  pings = 0;
  pongs = 0;
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly socket: WebSocket,
    private readonly registry: SessionRegistry,
  ) {}

  has(trId: string, trKey: string): boolean {
    return this.subs.has(subKey(trId, trKey));
  }

  noticeSubscriptions(): Subscription[] {
    return [...this.subs.values()].filter((s) => NOTICE_TRS.has(s.trId));
  }

  /** Registrations of the expected-price, market-status and index feeds. */
  sampledSubscriptions(): Subscription[] {
    return [...this.subs.values()].filter((s) => SAMPLED_TRS.has(s.trId));
  }

  send(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(text);
    this.sent++;
  }

  ping(frame: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.send(frame);
    this.pings++;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  terminate(): void {
    this.socket.terminate();
  }

  /** One text frame from the client: a subscribe/unsubscribe request or a PINGPONG echo. */
  handle(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.refuse("", "", "OPSP9999", "JSON PARSING ERROR : invalid json");
    }
    if ((json as { header?: { tr_id?: unknown } } | null)?.header?.tr_id === "PINGPONG") {
      this.pongs++;
      return;
    }
    const parsed = Request.safeParse(json);
    if (!parsed.success) return this.refuse("", "", "OPSP9999", "JSON PARSING ERROR : missing header or body.input");
    const { header, body } = parsed.data;
    const { tr_id: trId, tr_key: trKey } = body.input;
    const appKey = this.registry.approvalAppKey(header.approval_key);
    if (!appKey || (this.appKey !== undefined && this.appKey !== appKey))
      return this.refuse(trId, trKey, "OPSP0011", "invalid approval : NOT FOUND");
    if (this.appKey === undefined) {
      if (!this.registry.claim(appKey, this)) {
        this.refuse(trId, trKey, "OPSP8996", "ALREADY IN USE appkey");
        this.socket.close();
        return;
      }
      this.appKey = appKey;
    }
    if (!NOTICE_TRS.has(trId) && !STOCK_TRS.has(trId) && !INDEX_TRS.has(trId))
      return this.refuse(trId, trKey, "OPSP0007", `invalid tr_id : ${trId}`);
    const keyOk = STOCK_TRS.has(trId) ? KRX_CODE_PATTERN.test(trKey) : INDEX_TRS.has(trId) ? INDEX_CODE.test(trKey) : trKey.trim() !== "";
    if (!keyOk) return this.refuse(trId, trKey, "OPSP0007", `invalid tr_key : ${trKey}`);
    if (header.tr_type === "1") return this.subscribe(trId, trKey);
    if (header.tr_type === "2") return this.unsubscribe(trId, trKey);
    return this.refuse(trId, trKey, "OPSP9999", `JSON PARSING ERROR : invalid tr_type ${header.tr_type}`);
  }

  private subscribe(trId: string, trKey: string): void {
    const encrypt = NOTICE_TRS.has(trId);
    const existing = this.subs.get(subKey(trId, trKey));
    if (existing) {
      this.duplicateRegistrations++;
      return this.send(
        ackText({ trId, trKey, ok: false, msgCd: "OPSP0002", msg1: "ALREADY IN SUBSCRIBE", encrypt, cipher: existing.cipher }),
      );
    }
    if (this.subs.size >= MAX_REGISTRATIONS) return this.refuse(trId, trKey, "OPSP0008", "MAX SUBSCRIBE OVER");
    const sub: Subscription = { trId, trKey, cipher: newNoticeCipher() };
    this.subs.set(subKey(trId, trKey), sub);
    this.send(ackText({ trId, trKey, ok: true, msgCd: "OPSP0000", msg1: "SUBSCRIBE SUCCESS", encrypt, cipher: sub.cipher }));
  }

  private unsubscribe(trId: string, trKey: string): void {
    const sub = this.subs.get(subKey(trId, trKey));
    if (!sub) return this.refuse(trId, trKey, "OPSP0003", "UNSUBSCRIBE ERROR(not found!)");
    this.subs.delete(subKey(trId, trKey));
    this.send(
      ackText({ trId, trKey, ok: true, msgCd: "OPSP0001", msg1: "UNSUBSCRIBE SUCCESS", encrypt: NOTICE_TRS.has(trId), cipher: sub.cipher }),
    );
  }

  private refuse(trId: string, trKey: string, msgCd: string, msg1: string): void {
    this.send(ackText({ trId, trKey, ok: false, msgCd, msg1 }));
  }
}
