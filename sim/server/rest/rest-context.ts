/**
 * What every REST handler receives and returns. A handler reads its parameters from `req`, asks
 * the exchange, and returns the body fields after the envelope (output, output1, ctx_area_…).
 */
import type { Clock } from "../../../core/clock.js";
import type { KisWireEnv } from "../../../broker/kis/endpoints.js";
import type { SimExchange } from "../../exchange.js";
import type { ReservationBook } from "../reservations.js";
import { badParam, KisWireError } from "./kis-errors.js";
import type { KisRequest } from "./kis-request.js";

export interface RestContext {
  exchange: SimExchange;
  clock: Clock;
  req: KisRequest;
  trId: string;
  /** which column of the endpoint table the tr_id came from (quote tr_ids count as real) */
  env: KisWireEnv;
  appKey: string;
  /** accounts the simulator accepts; empty = any well-formed account */
  allowedAccounts: ReadonlySet<string>;
  reservations: ReservationBook;
}

export interface RestReply {
  body: Record<string, unknown>;
  /** response header tr_cont for paged endpoints */
  trCont?: "M" | "D";
  /** success message; defaults to the inquiry one */
  message?: { msgCd: string; msg1: string };
}

export type RestHandler = (ctx: RestContext) => RestReply;

export const ORDER_SUCCESS = { msgCd: "MCA00000", msg1: "주문 전송 완료 되었습니다." } as const;
export const INQUIRY_SUCCESS = { msgCd: "MCA00000", msg1: "정상처리 되었습니다." } as const;

/** CANO (8 digits) + ACNT_PRDT_CD (2 digits) → the simulator's account id, checked against the allow-list. */
export function readAccount(ctx: RestContext): string {
  const cano = ctx.req.optional("CANO")?.trim() ?? "";
  const product = ctx.req.optional("ACNT_PRDT_CD")?.trim() ?? "";
  if (!/^\d{8}$/.test(cano)) throw badParam("CANO", "8 digits");
  if (!/^\d{2}$/.test(product)) throw badParam("ACNT_PRDT_CD", "2 digits");
  const accountId = cano + product;
  if (ctx.allowedAccounts.size > 0 && !ctx.allowedAccounts.has(accountId)) throw badParam("CANO", "INVALID_CHECK_ACNO");
  return accountId;
}

/** The symbol's live state, or APBK0656 when the exchange does not list it. */
export function readSymbol(ctx: RestContext, param: string) {
  const code = ctx.req.stockCode(param);
  const state = ctx.exchange.symbol(code);
  if (!state) throw new KisWireError("APBK0656", param);
  return state;
}
