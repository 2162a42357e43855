/**
 * The un-enveloped auth endpoints (reference §2): access token, revoke, WebSocket approval key
 * and hashkey. Their bodies are plain JSON objects, not the rt_cd envelope.
 */
import { createHash } from "node:crypto";
import { AUTH_PATHS } from "../../../broker/kis/endpoints.js";
import { kstParts, type Clock } from "../../../core/clock.js";
import type { AuthStore } from "../auth-store.js";
import { badParam, KisWireError } from "./kis-errors.js";
import type { KisRequest } from "./kis-request.js";

export interface OAuthDeps {
  auth: AuthStore;
  clock: Clock;
}

export interface OAuthReply {
  status: number;
  body: Record<string, unknown>;
}

type OAuthHandler = (deps: OAuthDeps, body: Record<string, unknown>, req: KisRequest) => OAuthReply;

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function requireGrant(body: Record<string, unknown>): void {
  if (text(body.grant_type) !== "client_credentials") throw badParam("grant_type", "client_credentials");
}

function requireCredentials(deps: OAuthDeps, appKey: string | undefined, secret: string | undefined): string {
  if (!deps.auth.acceptsCredentials(appKey, secret)) throw new KisWireError("EGW00103");
  return appKey;
}

/** "YYYY-MM-DD HH:MM:SS" in KST. */
function kstDateTime(ms: number): string {
  const { date, time } = kstParts(ms);
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)} ${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}`;
}

const issueToken: OAuthHandler = (deps, body) => {
  requireGrant(body);
  const appKey = requireCredentials(deps, text(body.appkey), text(body.appsecret));
  const issued = deps.auth.issueToken(appKey);
  if (!issued.ok) throw new KisWireError("EGW00133");
  return {
    status: 200,
    body: {
      access_token: issued.token,
      access_token_token_expired: kstDateTime(issued.expiresAtMs),
      token_type: "Bearer",
      expires_in: Math.max(0, Math.floor((issued.expiresAtMs - deps.clock.now()) / 1000)),
    },
  };
};

const revokeToken: OAuthHandler = (deps, body) => {
  const appKey = requireCredentials(deps, text(body.appkey), text(body.appsecret));
  const token = text(body.token);
  if (!token) throw badParam("token");
  if (!deps.auth.revoke(token, appKey)) throw new KisWireError("EGW00121");
  return { status: 200, body: { code: 200, message: "접근토큰 폐기에 성공하였습니다" } };
};

const issueApproval: OAuthHandler = (deps, body) => {
  requireGrant(body);
  const appKey = requireCredentials(deps, text(body.appkey), text(body.secretkey));
  return { status: 200, body: { approval_key: deps.auth.issueApproval(appKey) } };
};

const hashkey: OAuthHandler = (deps, body, req) => {
  requireCredentials(deps, req.header("appkey"), req.header("appsecret"));
  const hash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  return { status: 200, body: { JsonBody: body, HASH: hash } };
};

export const OAUTH_HANDLERS: Record<string, OAuthHandler> = {
  [AUTH_PATHS.token]: issueToken,
  [AUTH_PATHS.revoke]: revokeToken,
  [AUTH_PATHS.approval]: issueApproval,
  [AUTH_PATHS.hashkey]: hashkey,
};

/** The app key an auth request is counted against for the rate limit. */
export function oauthAppKey(body: Record<string, unknown>, req: KisRequest): string | undefined {
  return text(body.appkey) ?? req.header("appkey");
}
