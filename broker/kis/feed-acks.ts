/**
 * Registration bookkeeping for the KIS real-time session: the wanted (tr_id, tr_key) set, one
 * pending promise per subscribe/unsubscribe request, and the ACK codes of reference §6.3.
 */
import { AppError } from "../../core/errors.js";
import type { ControlMessage } from "./frames.js";

export interface Registration {
  trId: string;
  /** stock code, or the HTS ID for execution notices */
  trKey: string;
}

export type RequestType = "subscribe" | "unsubscribe";

interface Pending {
  type: RequestType;
  promise: Promise<void>;
  registration: Registration;
  resolve: () => void;
  reject: (err: AppError) => void;
  timer?: NodeJS.Timeout;
}

export type AckOutcome =
  | { kind: "resolved"; registration: Registration; type: RequestType; code: string }
  | { kind: "refused"; registration: Registration; type: RequestType; code: string; message: string }
  | { kind: "unmatched"; code: string };

export const registrationKey = (r: Registration): string => `${r.trId}|${r.trKey}`;

/** Codes that complete a request successfully: registered, already registered, unregistered, not registered. */
const SUCCESS: Record<string, RequestType> = {
  OPSP0000: "subscribe",
  OPSP0002: "subscribe",
  OPSP0001: "unsubscribe",
  OPSP0003: "unsubscribe",
};

export class AckTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly ackTimeoutMs: number) {}

  /**
   * Starts tracking a request. A repeat of the pending request shares its promise; the opposite
   * request for the same key supersedes it.
   */
  track(type: RequestType, registration: Registration): Promise<void> {
    const key = registrationKey(registration);
    const existing = this.pending.get(key);
    if (existing?.type === type) return existing.promise;
    if (existing !== undefined) this.settle(key, new AppError("FEED_ERROR", `Superseded by a later ${type} of ${key}`));
    let resolve = () => {};
    let reject: (err: AppError) => void = () => {};
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.pending.set(key, { type, promise, registration, resolve, reject });
    return promise;
  }

  cancel(registration: Registration, reason: string): void {
    this.settle(registrationKey(registration), new AppError("FEED_ERROR", reason));
  }

  /** Arms the ACK timeout once the request is actually on the wire. */
  sent(registration: Registration, onTimeout: (r: Registration) => void): void {
    const entry = this.pending.get(registrationKey(registration));
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      this.settle(
        registrationKey(registration),
        new AppError("FEED_ERROR", `No ACK for ${entry.type} of ${registrationKey(registration)} within ${this.ackTimeoutMs} ms`, {
          retryable: true,
        }),
      );
      onTimeout(registration);
    }, this.ackTimeoutMs);
  }

  isPending(registration: Registration, type: RequestType): boolean {
    return this.pending.get(registrationKey(registration))?.type === type;
  }

  /** Matches an ACK to its request by tr_id and tr_key (falling back to tr_id alone). */
  onAck(ack: ControlMessage): AckOutcome {
    const code = ack.messageCode;
    const key = this.findKey(ack);
    const entry = key === undefined ? undefined : this.pending.get(key);
    if (key === undefined || entry === undefined) return { kind: "unmatched", code };
    const ok = ack.resultCode === "0" || SUCCESS[code] !== undefined;
    if (ok) {
      this.settle(key);
      return { kind: "resolved", registration: entry.registration, type: entry.type, code };
    }
    const message = `${code} ${ack.message}`.trim();
    this.settle(key, new AppError("FEED_ERROR", `KIS refused ${entry.type} of ${key}: ${message}`, { venueCode: code }));
    return { kind: "refused", registration: entry.registration, type: entry.type, code, message };
  }

  /** A dropped session: pending unsubscribes are moot (the new session starts empty). */
  onDisconnect(): void {
    for (const [key, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      if (entry.type === "unsubscribe") this.settle(key);
    }
  }

  rejectAll(reason: string): void {
    for (const key of [...this.pending.keys()]) this.settle(key, new AppError("FEED_ERROR", reason));
  }

  private findKey(ack: ControlMessage): string | undefined {
    const exact = `${ack.trId}|${ack.trKey}`;
    if (this.pending.has(exact)) return exact;
    for (const [key, entry] of this.pending) if (entry.registration.trId === ack.trId) return key;
    return undefined;
  }

  private settle(key: string, err?: AppError): void {
    const entry = this.pending.get(key);
    if (entry === undefined) return;
    this.pending.delete(key);
    clearTimeout(entry.timer);
    if (err) entry.reject(err);
    else entry.resolve();
  }
}
