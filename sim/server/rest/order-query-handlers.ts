/** Open (modifiable) orders and daily orders with fills (reference §4.3, §4.4). */
import { kstParts } from "../../../core/clock.js";
import type { SimOrder } from "../../exchange.js";
import { badParam } from "./kis-errors.js";
import { paginate } from "./paging.js";
import { readAccount, type RestContext, type RestReply } from "./rest-context.js";
import { int, orderTypeCode, orderTypeName, sideCode, sideName } from "./wire-values.js";

const OPEN_ORDERS_PAGE = 50;
const DAILY_ORDERS_PAGE = { real: 100, paper: 15 } as const;

const remaining = (o: SimOrder) => o.quantity - o.filledQuantity - o.cancelledQuantity - o.rejectedQuantity;
const averageFill = (o: SimOrder) => (o.filledQuantity > 0 ? Math.round(o.filledAmountKrw / o.filledQuantity) : 0);
const nameOf = (ctx: RestContext, code: string) => ctx.exchange.symbol(code)?.info.name ?? code;
const SIDE_FILTER = { "0": null, "1": "sell", "2": "buy" } as const;

export function openOrders(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const sort = ctx.req.oneOf("INQR_DVSN_1", ["0", "1", "2"] as const);
  const side = SIDE_FILTER[ctx.req.oneOf("INQR_DVSN_2", ["0", "1", "2"] as const)];
  const orders = ctx.exchange
    .openOrders(accountId)
    .filter((o) => side === null || o.side === side)
    .sort((a, b) => (sort === "2" ? a.code.localeCompare(b.code) : 0) || a.orderNo.localeCompare(b.orderNo));
  const page = paginate(ctx.req, orders, OPEN_ORDERS_PAGE, accountId);
  const output = page.rows.map((o) => ({
    ord_gno_brno: o.orgNo,
    odno: o.orderNo,
    orgn_odno: o.originalOrderNo ?? "",
    ord_dvsn_name: orderTypeName(o),
    pdno: o.code,
    prdt_name: nameOf(ctx, o.code),
    rvse_cncl_dvsn_name: o.originalOrderNo ? "정정" : "",
    ord_qty: int(o.quantity),
    ord_unpr: int(o.priceKrw),
    ord_tmd: kstParts(o.placedMs).time,
    tot_ccld_qty: int(o.filledQuantity),
    tot_ccld_amt: int(o.filledAmountKrw),
    psbl_qty: int(remaining(o)),
    sll_buy_dvsn_cd: sideCode(o.side),
    ord_dvsn_cd: orderTypeCode(o),
    mgco_aptm_odno: "",
    excg_dvsn_cd: "02",
    excg_id_dvsn_cd: "KRX",
    excg_id_dvsn_name: "KRX",
    stpm_cndt_pric: "0",
    stpm_efct_occr_yn: "N",
  }));
  return { body: { ...page.cursor, output }, trCont: page.trCont };
}

const FILL_FILTER = {
  "00": () => true,
  "01": (o: SimOrder) => o.filledQuantity > 0,
  "02": (o: SimOrder) => remaining(o) > 0,
} as const;

function readDailyFilter(ctx: RestContext, accountId: string) {
  const req = ctx.req;
  const from = req.date("INQR_STRT_DT");
  const to = req.date("INQR_END_DT");
  if (from > to) throw badParam("INQR_STRT_DT", "after INQR_END_DT");
  const side = SIDE_FILTER[req.oneOf("SLL_BUY_DVSN_CD", ["00", "01", "02"] as const).slice(1) as "0" | "1" | "2"];
  const code = req.optional("PDNO")?.trim() ?? "";
  if (code !== "") req.stockCode("PDNO");
  const branch = req.required("ORD_GNO_BRNO", false);
  const orderNo = req.optional("ODNO")?.trim() ?? "";
  const filled = FILL_FILTER[req.oneOf("CCLD_DVSN", ["00", "01", "02"] as const)];
  const oldestFirst = req.oneOf("INQR_DVSN", ["00", "01"] as const) === "01";
  req.oneOf("INQR_DVSN_1", ["", "1", "2"] as const, "");
  req.oneOf("INQR_DVSN_3", ["00", "01", "02", "03", "04", "05", "06", "07"] as const);
  req.oneOf("EXCG_ID_DVSN_CD", ctx.env === "paper" ? (["KRX"] as const) : (["KRX", "NXT", "SOR", "ALL"] as const), "KRX");
  const orders = ctx.exchange
    .orders(accountId, from, to)
    .filter((o) => side === null || o.side === side)
    .filter((o) => code === "" || o.code === code)
    .filter((o) => branch === "" || o.orgNo === branch)
    .filter((o) => orderNo === "" || o.orderNo === orderNo.padStart(10, "0"))
    .filter(filled);
  return { orders: oldestFirst ? orders.reverse() : orders, scope: `${accountId}${from}${to}` };
}

function dailyRow(ctx: RestContext, o: SimOrder): Record<string, string> {
  const placed = kstParts(o.placedMs);
  return {
    ord_dt: placed.date,
    ord_gno_brno: o.orgNo,
    odno: o.orderNo,
    orgn_odno: o.originalOrderNo ?? "",
    ord_dvsn_name: orderTypeName(o),
    sll_buy_dvsn_cd: sideCode(o.side),
    sll_buy_dvsn_cd_name: sideName(o.side),
    pdno: o.code,
    prdt_name: nameOf(ctx, o.code),
    ord_qty: int(o.quantity),
    ord_unpr: int(o.priceKrw),
    ord_tmd: placed.time,
    tot_ccld_qty: int(o.filledQuantity),
    avg_prvs: int(averageFill(o)),
    cncl_yn: o.status === "cancelled" ? "Y" : "N",
    tot_ccld_amt: int(o.filledAmountKrw),
    loan_dt: "",
    ordr_empno: "",
    ord_dvsn_cd: orderTypeCode(o),
    cnc_cfrm_qty: int(o.cancelledQuantity),
    rmn_qty: int(remaining(o)),
    rjct_qty: int(o.rejectedQuantity),
    ccld_cndt_name: "없음",
    inqr_ip_addr: "",
    cpbc_ordp_ord_rcit_dvsn_cd: "",
    cpbc_ordp_infm_mthd_dvsn_cd: "",
    infm_tmd: "",
    ctac_tlno: "",
    prdt_type_cd: "300",
    excg_dvsn_cd: "02",
    cpbc_ordp_mtrl_dvsn_cd: "",
    ord_orgno: o.orgNo,
    rsvn_ord_end_dt: "",
    excg_id_dvsn_Cd: "KRX",
    stpm_cndt_pric: "0",
    stpm_efct_occr_dtmd: "",
  };
}

export function dailyOrders(ctx: RestContext): RestReply {
  const accountId = readAccount(ctx);
  const { orders, scope } = readDailyFilter(ctx, accountId);
  const page = paginate(ctx.req, orders, DAILY_ORDERS_PAGE[ctx.env], scope);
  const orderNos = new Set(orders.map((o) => o.orderNo));
  const dates = orders.map((o) => kstParts(o.placedMs).date).sort();
  const costs = dates.length
    ? ctx.exchange
        .fills(accountId, dates[0]!, dates[dates.length - 1]!)
        .filter((f) => orderNos.has(f.orderNo))
        .reduce((n, f) => n + f.feeKrw + f.taxKrw, 0)
    : 0;
  const filledQty = orders.reduce((n, o) => n + o.filledQuantity, 0);
  const filledKrw = orders.reduce((n, o) => n + o.filledAmountKrw, 0);
  const output2 = {
    tot_ord_qty: int(orders.reduce((n, o) => n + o.quantity, 0)),
    tot_ccld_qty: int(filledQty),
    tot_ccld_amt: int(filledKrw),
    prsm_tlex_smtl: int(costs),
    pchs_avg_pric: filledQty > 0 ? (filledKrw / filledQty).toFixed(4) : "0.0000",
  };
  return { body: { ...page.cursor, output1: page.rows.map((o) => dailyRow(ctx, o)), output2 }, trCont: page.trCont };
}
