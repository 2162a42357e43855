/**
 * KIS access token and WebSocket approval key. The token is cached on disk, issued by one caller at
 * a time, refreshed before expiry, re-issued when the gateway rejects it, and the issuance throttle
 * (EGW00133, once a minute) is met by reusing a still-valid token or waiting.
 */
import type { z } from "zod";
import type { Clock } from "../../core/clock.js";
import { isAppError } from "../../core/errors.js";
import { type Logger, registerSecret } from "../../core/logger.js";
import { AUTH_PATHS } from "./endpoints.js";
import { toKisError } from "./errors.js";
import type { AccessTokens, HttpResponse, KisRest } from "./http.js";
import type { Sleep } from "./rate-limiter.js";
import { READ_RETRY, withRetry } from "./retry.js";
import { ApprovalResponse, RevokeResponse, TokenResponse } from "./schemas/auth.js";
import type { ResponseValidator } from "./schemas/validate.js";
import type { StoredToken, TokenStore } from "./token-store.js";

export interface KisAuthDeps {
  rest: KisRest;
  store: TokenStore;
  validator: ResponseValidator;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  log: Logger;
  appKey: string;
  appSecret: string;
  /** Refresh when less than this remains. @defaultValue 600_000 (10 min) */
  refreshMarginMs?: number;
  /** Waits on EGW00133 before giving up. @defaultValue 3 */
  maxThrottleWaits?: number;
}

const DEFAULT_THROTTLE_WAIT_MS = 60_000;

export class KisAuth implements AccessTokens {
  private current: StoredToken | undefined;
  private issuing: Promise<StoredToken> | undefined;
  /** Tokens the gateway refused: never adopted again, even from the disk cache. */
  private readonly rejected = new Set<string>();
  /** While the issuance throttle holds, a valid token inside the refresh margin is still used. */
  private noIssueBeforeMs = 0;
  private approvalKey: string | undefined;
  private approvalPending: Promise<string> | undefined;

  constructor(private readonly deps: KisAuthDeps) {
    registerSecret(deps.appKey);
    registerSecret(deps.appSecret);
  }

  async getAccessToken(): Promise<string> {
    const current = this.current;
    if (current && (this.isFresh(current) || (this.isUsable(current) && this.deps.clock.now() < this.noIssueBeforeMs))) {
      return current.accessToken;
    }
    this.issuing ??= this.refresh().finally(() => {
      this.issuing = undefined;
    });
    return (await this.issuing).accessToken;
  }

  /** When the access token in use expires; undefined before one is issued (the health monitor reads it). */
  tokenExpiresAtMs(): number | undefined {
    return this.current?.expiresAtMs;
  }

  invalidate(token: string): void {
    this.rejected.add(token);
    if (this.current?.accessToken === token) this.current = undefined;
  }

  /** WebSocket approval key (POST /oauth2/Approval), kept in memory for the process. */
  async getApprovalKey(): Promise<string> {
    if (this.approvalKey !== undefined) return this.approvalKey;
    this.approvalPending ??= this.issueApprovalKey().finally(() => {
      this.approvalPending = undefined;
    });
    return this.approvalPending;
  }

  /** The feed calls this when the server refuses the key; the next call issues a new one. */
  invalidateApprovalKey(): void {
    this.approvalKey = undefined;
  }

  /** Revokes the current token at KIS and forgets it here and on disk. */
  async revoke(): Promise<void> {
    const token = this.current ?? (await this.deps.store.load());
    this.current = undefined;
    await this.deps.store.clear();
    if (token === undefined) return;
    this.rejected.add(token.accessToken);
    const res = await this.post(AUTH_PATHS.revoke, { appkey: this.deps.appKey, appsecret: this.deps.appSecret, token: token.accessToken });
    this.expectOk("KIS revoke (revokeP)", res, RevokeResponse);
  }

  private isUsable(token: StoredToken): boolean {
    return !this.rejected.has(token.accessToken) && token.expiresAtMs > this.deps.clock.now();
  }

  private isFresh(token: StoredToken): boolean {
    return this.isUsable(token) && token.expiresAtMs - this.deps.clock.now() > (this.deps.refreshMarginMs ?? 600_000);
  }

  private adopt(token: StoredToken): StoredToken {
    registerSecret(token.accessToken);
    this.current = token;
    return token;
  }

  /** Another process may have refreshed the file already; otherwise issue, waiting out the throttle. */
  private async refresh(): Promise<StoredToken> {
    const cached = await this.deps.store.load();
    if (cached && this.isFresh(cached)) return this.adopt(cached);
    for (let waits = 0; ; waits++) {
      try {
        const token = await this.issue();
        await this.deps.store.save(token);
        return this.adopt(token);
      } catch (err) {
        if (!isAppError(err) || err.code !== "BROKER_TOKEN_THROTTLED") throw err;
        const waitMs = err.retryAfterMs ?? DEFAULT_THROTTLE_WAIT_MS;
        const usable = [this.current, cached].find((t): t is StoredToken => t !== undefined && this.isUsable(t));
        if (usable) {
          this.noIssueBeforeMs = this.deps.clock.now() + waitMs;
          this.deps.log.warn("token issuance throttled; reusing the cached token", { expiresAtMs: usable.expiresAtMs });
          return this.adopt(usable);
        }
        if (waits >= (this.deps.maxThrottleWaits ?? 3)) throw err;
        this.deps.log.warn("token issuance throttled; waiting", { waitMs });
        await this.deps.sleep(waitMs);
      }
    }
  }

  private async issue(): Promise<StoredToken> {
    const body = { grant_type: "client_credentials", appkey: this.deps.appKey, appsecret: this.deps.appSecret };
    const res = await this.retried(() => this.post(AUTH_PATHS.token, body));
    const issuedAtMs = this.deps.clock.now();
    const data = this.expectOk("KIS token (tokenP)", res, TokenResponse);
    registerSecret(data.access_token);
    this.deps.log.info("issued a KIS access token", { expiresInSec: Number(data.expires_in) });
    return { accessToken: data.access_token, issuedAtMs, expiresAtMs: issuedAtMs + Number(data.expires_in) * 1000 };
  }

  private async issueApprovalKey(): Promise<string> {
    const body = { grant_type: "client_credentials", appkey: this.deps.appKey, secretkey: this.deps.appSecret };
    const res = await this.retried(() => this.post(AUTH_PATHS.approval, body));
    const key = this.expectOk("KIS approval key (Approval)", res, ApprovalResponse).approval_key;
    registerSecret(key);
    this.approvalKey = key;
    return key;
  }

  private post(path: string, body: Record<string, string>): Promise<HttpResponse> {
    return this.deps.rest.send({ method: "POST", path, headers: {}, body });
  }

  /** Issuance is idempotent: network errors, 5xx and the per-second limit are retried. */
  private retried(send: () => Promise<HttpResponse>): Promise<HttpResponse> {
    return withRetry(
      async () => {
        const res = await send();
        if (res.status >= 500 || res.status === 429) throw toKisError("KIS auth", res.status, res.data);
        return res;
      },
      { policy: READ_RETRY, sleep: this.deps.sleep, random: this.deps.random },
    );
  }

  private expectOk<S extends z.ZodType>(what: string, res: HttpResponse, schema: S): z.infer<S> {
    if (res.status < 200 || res.status >= 300) throw toKisError(what, res.status, res.data);
    return this.deps.validator.validate(what, schema, res.data);
  }
}
