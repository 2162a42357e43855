/** Maps one failed KIS response (gateway or business error) to the AppError the caller acts on. */
import { AppError, isAppError } from "../../core/errors.js";
import { ORDER_OUTCOME_UNKNOWN } from "../ports.js";

export interface KisErrorBody {
  msgCode: string;
  message: string;
}

/** Token rejected by the gateway: re-issue once and retry the call once. */
const TOKEN_REJECTED = new Set(["EGW00123", "EGW00121"]);
/** Issuance throttle (1 per minute); KIS sends no retry-after, so wait the documented minute. */
const TOKEN_THROTTLE_WAIT_MS = 60_000;

/** Reads msg_cd/msg1 of an envelope, or error_code/error_description of an oauth error body. */
export function readKisError(data: unknown): KisErrorBody | undefined {
  if (data === null || typeof data !== "object") return undefined;
  const body = data as Record<string, unknown>;
  const msgCode = body["msg_cd"] ?? body["error_code"];
  const message = body["msg1"] ?? body["error_description"];
  if (typeof msgCode !== "string" || msgCode === "") return undefined;
  return { msgCode, message: typeof message === "string" ? message.trim() : "" };
}

/** `what` names the call, e.g. "KIS quote (FHKST01010100)"; it never carries secrets. */
export function toKisError(what: string, status: number, data: unknown): AppError {
  const kis = readKisError(data);
  if (kis === undefined) {
    if (status >= 500) return new AppError("BROKER_UNAVAILABLE", `${what}: HTTP ${status} without a KIS body`, { retryable: true });
    if (status === 401 || status === 403) return new AppError("BROKER_AUTH", `${what}: HTTP ${status} without a KIS body`);
    return new AppError("BROKER_RESPONSE_INVALID", `${what}: HTTP ${status} without a KIS envelope (rt_cd/msg_cd)`);
  }
  const venueCode = kis.msgCode;
  const detail = `${what}: ${kis.message} (${venueCode})`;
  switch (venueCode) {
    case "EGW00201":
      return new AppError("BROKER_RATE_LIMITED", detail, { retryable: true, venueCode });
    case "EGW00123":
    case "EGW00121":
    case "EGW00103":
      return new AppError("BROKER_AUTH", detail, { venueCode });
    case "EGW00133":
      return new AppError("BROKER_TOKEN_THROTTLED", detail, { retryable: true, venueCode, retryAfterMs: TOKEN_THROTTLE_WAIT_MS });
    case "OPSQ0002":
      return new AppError("BROKER_UNSUPPORTED", detail, { venueCode });
    default:
      // Business rejections come as HTTP 200; an unknown code on a 5xx is the gateway failing, and an
      // order behind it may or may not have been taken: never guess "rejected" (UNKNOWN, reconciled).
      if (status >= 500) return new AppError("BROKER_UNAVAILABLE", detail, { retryable: true, venueCode });
      return new AppError("BROKER_REJECTED", detail, { venueCode });
  }
}

export function isTokenRejected(err: unknown): err is AppError {
  return isAppError(err) && err.code === "BROKER_AUTH" && err.venueCode !== undefined && TOKEN_REJECTED.has(err.venueCode);
}

/** Failures after which an order may or may not have reached KIS: no KIS answer was read. */
export function isAmbiguous(err: unknown): boolean {
  return isAppError(err) && (err.code === "BROKER_UNAVAILABLE" || err.code === "BROKER_RESPONSE_INVALID");
}

export function orderOutcomeUnknown(what: string, cause: AppError): AppError {
  return new AppError("BROKER_UNAVAILABLE", `${what}: outcome UNKNOWN (${cause.message}); reconcile with daily orders before re-sending`, {
    retryable: false,
    venueCode: ORDER_OUTCOME_UNKNOWN,
    cause,
  });
}
