/**
 * The KIS real-time session (reference §6): one WebSocket to `${wsUrl}/tryitout`, subscribe and
 * unsubscribe with ACK tracking, PINGPONG echo, an idle timeout, reconnect with capped exponential
 * backoff and jitter, then a re-subscribe of every current registration. Emits typed events.
 */
import WebSocket from "ws";
import type { Clock } from "../../core/clock.js";
import { errorMessage } from "../../core/errors.js";
import { registerSecret, type Logger } from "../../core/logger.js";
import type { BookUpdate, ExecutionNotice, FeedSubscription, ProgramUpdate, TradeTick } from "../../core/market-events.js";
import { feedOfTrId, feedTrId, type KisWireEnv } from "./endpoints.js";
import { AckTracker, registrationKey, type Registration } from "./feed-acks.js";
import { FrameDecoder, type ControlMessage, type DecodedFrame } from "./frames.js";
import { decryptPayload, type AesParams } from "./notice-crypto.js";
import { decodeNotices } from "./notices.js";
import { blankTradeTick, toBookUpdate, toProgramUpdate, toTradeTick } from "./realtime-records.js";

export type { Registration } from "./feed-acks.js";

export interface FeedGap {
  disconnectedAtMs: number;
  reconnectedAtMs: number;
  missedMs: number;
}

export interface FeedStatus {
  state: "connecting" | "connected" | "disconnected" | "closed";
  atMs: number;
  /** on "connected" after a drop: the interval in which ticks were missed */
  gap?: FeedGap;
  reason?: string;
}

export type FeedAlertCode =
  "FRAME_DRIFT" | "FRAME_MALFORMED" | "FRAME_UNSUPPORTED" | "DECRYPT_FAILED" | "SUBSCRIBE_REFUSED" | "ACK_TIMEOUT" | "SESSION_IN_USE";

export interface FeedAlert {
  code: FeedAlertCode;
  message: string;
  atMs: number;
  details?: Record<string, unknown>;
}

export interface FeedEvents {
  /** one object reused for every trade: read it during the call, copy what you keep */
  trade: TradeTick;
  book: BookUpdate;
  program: ProgramUpdate;
  notice: ExecutionNotice;
  status: FeedStatus;
  alert: FeedAlert;
}

export interface FeedOptions {
  /** ws base URL, e.g. ws://ops.koreainvestment.com:21000 (no path) */
  wsUrl: string;
  getApprovalKey: () => Promise<string>;
  clock: Clock;
  logger: Logger;
  /** which tr_id column feed kinds map to (the simulator speaks the real one) @defaultValue "real" */
  env?: KisWireEnv;
  /** @defaultValue "P" (individual) */
  custType?: "P" | "B";
  /** silence after which the socket is presumed dead; detection takes one to two periods. @defaultValue 60_000 */
  idleTimeoutMs?: number;
  /** @defaultValue 5_000 */
  ackTimeoutMs?: number;
  /** @defaultValue { initialMs: 500, maxMs: 30_000 } */
  backoff?: { initialMs: number; maxMs: number };
  /** jitter source in [0, 1) @defaultValue Math.random */
  random?: () => number;
}

type Listeners = { [K in keyof FeedEvents]: Array<(event: FeedEvents[K]) => void> };

export class KisFeed {
  private readonly decoder = new FrameDecoder();
  /** the trade every "trade" listener receives, refilled per record */
  private readonly tick = blankTradeTick();
  private readonly wanted = new Map<string, Registration>();
  private readonly acks: AckTracker;
  private readonly aesByTrId = new Map<string, AesParams>();
  private readonly listeners: Listeners = { trade: [], book: [], program: [], notice: [], status: [], alert: [] };
  private readonly log: Logger;
  private socket: WebSocket | undefined;
  private approvalKey = "";
  private sentThisSession = new Set<string>();
  private attempt = 0;
  private disconnectedAtMs: number | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private heardSinceCheck = false;
  private received = 0;
  private closed = false;
  private firstOpen: { resolve: () => void; promise: Promise<void> };

  constructor(private readonly options: FeedOptions) {
    this.acks = new AckTracker(options.ackTimeoutMs ?? 5_000);
    this.log = options.logger.child({ module: "kis.feed" });
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.firstOpen = { resolve, promise };
  }

  on<K extends keyof FeedEvents>(event: K, listener: (event: FeedEvents[K]) => void): () => void {
    const list = this.listeners[event];
    list.push(listener);
    return () => list.splice(list.indexOf(listener) >>> 0, 1);
  }

  /** Opens the session; resolves once connected (retrying with backoff until then). */
  start(): Promise<void> {
    if (this.socket === undefined && this.reconnectTimer === undefined) void this.connect();
    return this.firstOpen.promise;
  }

  /** Current registrations, as re-sent after a reconnect. */
  registrations(): Registration[] {
    return [...this.wanted.values()];
  }

  /** Current registrations as feed kinds; a TR subscribed by tr_id that carries no feed kind is left out. */
  subscriptions(): FeedSubscription[] {
    return this.registrations().flatMap((r) => {
      const feed = feedOfTrId(r.trId);
      return feed === undefined ? [] : [{ feed, key: r.trKey }];
    });
  }

  subscribe(trId: string, trKey: string): Promise<void> {
    const registration = { trId, trKey };
    const key = registrationKey(registration);
    const alreadySent = this.sentThisSession.has(key);
    if (this.wanted.has(key) && alreadySent && !this.acks.isPending(registration, "subscribe")) return Promise.resolve();
    this.wanted.set(key, registration);
    const done = this.acks.track("subscribe", registration);
    if (!alreadySent) this.send("1", registration);
    return done;
  }

  unsubscribe(trId: string, trKey: string): Promise<void> {
    const registration = { trId, trKey };
    const key = registrationKey(registration);
    this.wanted.delete(key);
    if (!this.sentThisSession.has(key) || !this.isOpen()) {
      this.sentThisSession.delete(key);
      this.acks.cancel(registration, `Unsubscribed before ${key} was registered`);
      return Promise.resolve();
    }
    const done = this.acks.track("unsubscribe", registration);
    this.send("2", registration);
    return done;
  }

  /** Applies a budget diff in feed kinds: unsubscribes first, so the 41-registration cap is never exceeded. */
  async apply(diff: { subscribe: FeedSubscription[]; unsubscribe: FeedSubscription[] }): Promise<void> {
    const env = this.options.env ?? "real";
    await Promise.all(diff.unsubscribe.map((s) => this.unsubscribe(feedTrId(s.feed, env), s.key)));
    await Promise.all(diff.subscribe.map((s) => this.subscribe(feedTrId(s.feed, env), s.key)));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.idleTimer);
    this.acks.rejectAll("Feed closed");
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.close();
      });
    }
    this.emit("status", { state: "closed", atMs: this.options.clock.now() });
  }

  private isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private send(trType: "1" | "2", registration: Registration): void {
    const key = registrationKey(registration);
    if (!this.isOpen() || this.socket === undefined) return; // sent on (re)connect
    const message = {
      header: { approval_key: this.approvalKey, custtype: this.options.custType ?? "P", tr_type: trType, "content-type": "utf-8" },
      body: { input: { tr_id: registration.trId, tr_key: registration.trKey } },
    };
    this.socket.send(JSON.stringify(message));
    if (trType === "1") this.sentThisSession.add(key);
    else this.sentThisSession.delete(key);
    this.acks.sent(registration, (r) => this.alert("ACK_TIMEOUT", `No ACK for ${registrationKey(r)}`));
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.reconnectTimer = undefined;
    this.emit("status", { state: "connecting", atMs: this.options.clock.now() });
    try {
      this.approvalKey = await this.options.getApprovalKey();
      registerSecret(this.approvalKey);
    } catch (err) {
      this.log.warn("approval key unavailable", { error: errorMessage(err) });
      this.scheduleReconnect();
      return;
    }
    if (this.closed) return;
    // Frames are decoded as bytes (only ASCII digits and codes are read), so ws's per-message
    // UTF-8 validation is work without a reader; control frames still go through JSON.parse.
    const socket = new WebSocket(`${this.options.wsUrl.replace(/\/+$/, "")}/tryitout`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.socket = socket;
    socket.on("open", () => this.onOpen());
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    socket.on("error", (err) => this.log.warn("socket error", { error: errorMessage(err) }));
    socket.on("close", (code) => this.onClose(socket, code));
  }

  private onOpen(): void {
    const now = this.options.clock.now();
    this.attempt = 0;
    this.sentThisSession = new Set();
    this.aesByTrId.clear(); // new ACKs bring fresh keys
    const gap =
      this.disconnectedAtMs === undefined
        ? undefined
        : { disconnectedAtMs: this.disconnectedAtMs, reconnectedAtMs: now, missedMs: now - this.disconnectedAtMs };
    this.disconnectedAtMs = undefined;
    this.startIdleWatch();
    this.emit("status", gap ? { state: "connected", atMs: now, gap } : { state: "connected", atMs: now });
    for (const registration of this.wanted.values()) {
      if (!this.acks.isPending(registration, "subscribe")) void this.acks.track("subscribe", registration).catch(() => {});
      this.send("1", registration);
    }
    this.firstOpen.resolve();
  }

  private onClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    clearInterval(this.idleTimer);
    if (this.closed) return;
    this.disconnectedAtMs ??= this.options.clock.now();
    this.acks.onDisconnect();
    this.emit("status", { state: "disconnected", atMs: this.disconnectedAtMs, reason: `close ${code}` });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const capped = Math.min(maxMs, initialMs * 2 ** this.attempt);
    this.attempt++;
    // Full jitter on the upper half keeps clients from reconnecting in lockstep.
    const delayMs = capped / 2 + (capped / 2) * (this.options.random ?? Math.random)();
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
  }

  private startIdleWatch(): void {
    clearInterval(this.idleTimer);
    this.heardSinceCheck = true;
    // A flag per message instead of a timer reset keeps the hot path to one store.
    this.idleTimer = setInterval(() => {
      if (this.heardSinceCheck) this.heardSinceCheck = false;
      else {
        this.log.warn("feed idle; terminating the socket");
        this.socket?.terminate();
      }
    }, this.options.idleTimeoutMs ?? 60_000);
  }

  /** Frames read so far, over every connection (a replay driver drains against the simulator's count). */
  get framesReceived(): number {
    return this.received;
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    this.heardSinceCheck = true;
    this.received++;
    if (isBinary) this.log.debug("binary frame received");
    // Frames are decoded from the Buffer ws delivers: no string conversion on the hot path.
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    this.handle(this.decoder.decode(bytes), this.options.clock.now());
  }

  private handle(frame: DecodedFrame, nowMs: number): void {
    switch (frame.kind) {
      case "data": {
        const { batch } = frame;
        const trId = batch.layout.trId;
        if (trId === "H0STCNT0") for (let r = 0; r < batch.count; r++) this.emit("trade", toTradeTick(batch, r, nowMs, this.tick));
        else if (trId === "H0STASP0") for (let r = 0; r < batch.count; r++) this.emit("book", toBookUpdate(batch, r, nowMs));
        else if (trId === "H0STPGM0") for (let r = 0; r < batch.count; r++) this.emit("program", toProgramUpdate(batch, r, nowMs));
        return;
      }
      case "encrypted":
        return this.onEncrypted(frame.trId, frame.count, frame.payload);
      case "control":
        return this.onControl(frame.control);
      case "drift":
        return this.alert(
          "FRAME_DRIFT",
          `${frame.trId}: ${frame.tokens} fields for ${frame.count} records of ${frame.expectedWidth}; frame skipped`,
          { ...frame },
        );
      case "unsupported":
        return this.log.debug("frame of an unsupported TR skipped", { trId: frame.trId });
      case "malformed":
        return this.alert("FRAME_MALFORMED", frame.reason, { head: frame.head });
    }
  }

  private onEncrypted(trId: string, count: number, payload: string): void {
    const aes = this.aesByTrId.get(trId);
    if (aes === undefined) return this.alert("DECRYPT_FAILED", `No AES key for ${trId}; frame skipped`);
    let plaintext: string;
    try {
      plaintext = decryptPayload(payload, aes);
    } catch (err) {
      return this.alert("DECRYPT_FAILED", `${trId}: ${errorMessage(err)}`);
    }
    const decoded = decodeNotices(plaintext, count);
    if (!decoded.ok) {
      return this.alert("FRAME_DRIFT", `${trId}: ${decoded.tokens} fields for ${count} records; notice skipped`, { trId, ...decoded });
    }
    for (const notice of decoded.notices) this.emit("notice", notice);
  }

  private onControl(control: ControlMessage): void {
    if (control.trId === "PINGPONG") {
      this.socket?.send(control.raw);
      return;
    }
    if (control.aesKey !== "" && control.aesIv !== "") this.aesByTrId.set(control.trId, { key: control.aesKey, iv: control.aesIv });
    const outcome = this.acks.onAck(control);
    if (outcome.kind === "refused") {
      if (outcome.type === "subscribe") {
        this.wanted.delete(registrationKey(outcome.registration));
        this.sentThisSession.delete(registrationKey(outcome.registration));
      }
      const code = outcome.code === "OPSP8996" ? "SESSION_IN_USE" : "SUBSCRIBE_REFUSED";
      this.alert(code, outcome.message, { ...outcome.registration, type: outcome.type });
    } else if (outcome.kind === "unmatched") {
      this.log.debug("unmatched control frame", { trId: control.trId, code: control.messageCode });
    }
  }

  private alert(code: FeedAlertCode, message: string, details?: Record<string, unknown>): void {
    this.log.warn(message, { alert: code });
    this.emit(
      "alert",
      details ? { code, message, atMs: this.options.clock.now(), details } : { code, message, atMs: this.options.clock.now() },
    );
  }

  private emit<K extends keyof FeedEvents>(event: K, payload: FeedEvents[K]): void {
    const list = this.listeners[event];
    for (let i = 0; i < list.length; i++) list[i]?.(payload);
  }
}
