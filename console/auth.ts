/**
 * Who may use the console, as Jupyter does it: one token (CONSOLE_TOKEN, or generated and printed
 * with the URL at start). `?token=` on a page sets an HttpOnly SameSite=Strict cookie holding a
 * digest of the token (never the token itself) and redirects to the same page without it; the API
 * also takes `Authorization: Bearer <token>`. A state-changing request must come from the console's
 * own origin: Sec-Fetch-Site and Origin are checked, and a cookie-authenticated one must also carry
 * the custom header the console's own script sends (a cross-site form cannot set it).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

const COOKIE_NAME = "kis_console";
/** the header the console's script adds to every POST; forms and simple cross-site requests cannot */
const CSRF_HEADER = "x-kis-console";

/** Paths anyone on the bound interface may read: they carry no secret (README: Console). */
const OPEN_PATHS = new Set(["/healthz", "/metrics"]);

export const generateToken = () => randomBytes(24).toString("hex");

const digest = (token: string) => createHash("sha256").update(`kis-console-cookie:${token}`).digest("hex");

function same(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE_NAME) return rest.join("=");
  }
  return undefined;
}

type Credential = "bearer" | "cookie" | undefined;

function credentialOf(request: FastifyRequest, token: string): Credential {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ") && same(auth.slice(7), token)) return "bearer";
  const cookie = cookieValue(request.headers.cookie);
  return cookie !== undefined && same(cookie, digest(token)) ? "cookie" : undefined;
}

/** Refuses what a page on another site could make a browser send. */
function crossSite(request: FastifyRequest, credential: Credential): string | undefined {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site ${String(site)}`;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.headers.host ?? ""}`) return `Origin ${origin}`;
  if (credential === "cookie" && request.headers[CSRF_HEADER] !== "1") return `missing ${CSRF_HEADER} header`;
  return undefined;
}

const isApi = (url: string) => url.startsWith("/api/");

/** The onRequest hook: 401 without the token, 403 for a cross-site state change, the cookie from ?token=. */
export function createAuthHook(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const url = new URL(request.url, "http://console.local");
    if (OPEN_PATHS.has(url.pathname)) return;
    const offered = url.searchParams.get("token");
    if (request.method === "GET" && offered !== null && same(offered, token)) {
      url.searchParams.delete("token");
      await reply
        .header("set-cookie", `${COOKIE_NAME}=${digest(token)}; HttpOnly; SameSite=Strict; Path=/`)
        .redirect(`${url.pathname}${url.search}`, 303);
      return;
    }
    const credential = credentialOf(request, token);
    if (!credential) {
      const body = isApi(url.pathname)
        ? { error: "UNAUTHORIZED", message: "send the console token (Authorization: Bearer …) or open the console URL printed at start" }
        : "401 Unauthorized — open the URL `kis-agent console` printed (it carries ?token=…).";
      await reply.code(401).send(body);
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      const refused = crossSite(request, credential);
      if (refused) await reply.code(403).send({ error: "CROSS_SITE_REFUSED", message: `state change refused: ${refused}` });
    }
  };
}
