/**
 * The 44 tick columns of the seed's `{code}_44indicators_realtime_{YYYYMMDD}.csv`, in its order:
 * the CSV header name and the SQLite column name (ASCII, units in names) of each.
 */

export const TICK_COLUMNS = [
  { csv: "time", sql: "time_ms" },
  { csv: "stock_code", sql: "stock_code" },
  { csv: "current_price", sql: "current_price" },
  { csv: "volume", sql: "volume" },
  { csv: "ma5", sql: "ma5" },
  { csv: "rsi14", sql: "rsi14" },
  { csv: "disparity", sql: "disparity" },
  { csv: "stoch_k", sql: "stoch_k" },
  { csv: "stoch_d", sql: "stoch_d" },
  { csv: "vol_ratio", sql: "vol_ratio" },
  { csv: "z_vol", sql: "z_vol" },
  { csv: "obv_delta", sql: "obv_delta" },
  { csv: "spread", sql: "spread" },
  { csv: "bid_ask_imbalance", sql: "bid_ask_imbalance" },
  { csv: "accel_delta", sql: "accel_delta" },
  { csv: "ret_1s", sql: "ret_1s" },
  { csv: "ask1", sql: "ask1" },
  { csv: "ask2", sql: "ask2" },
  { csv: "ask3", sql: "ask3" },
  { csv: "ask4", sql: "ask4" },
  { csv: "ask5", sql: "ask5" },
  { csv: "bid1", sql: "bid1" },
  { csv: "bid2", sql: "bid2" },
  { csv: "bid3", sql: "bid3" },
  { csv: "bid4", sql: "bid4" },
  { csv: "bid5", sql: "bid5" },
  { csv: "ask1_qty", sql: "ask1_qty" },
  { csv: "ask2_qty", sql: "ask2_qty" },
  { csv: "ask3_qty", sql: "ask3_qty" },
  { csv: "bid1_qty", sql: "bid1_qty" },
  { csv: "bid2_qty", sql: "bid2_qty" },
  { csv: "bid3_qty", sql: "bid3_qty" },
  { csv: "개인", sql: "net_individual" },
  { csv: "외인", sql: "net_foreign" },
  { csv: "기관", sql: "net_institution" },
  { csv: "연기금", sql: "net_pension" },
  { csv: "투신", sql: "net_investment_trust" },
  { csv: "보험", sql: "net_insurance" },
  { csv: "사모펀드", sql: "net_private_fund" },
  { csv: "은행", sql: "net_bank" },
  { csv: "국가", sql: "net_government" },
  { csv: "기타법인", sql: "net_other_corporation" },
  { csv: "프로그램", sql: "net_program" },
  { csv: "total_investor_net", sql: "total_investor_net" },
] as const;

export const TICK_COLUMN_COUNT = TICK_COLUMNS.length;

/** One row in column order; numbers are NaN-free (null where unknown). */
export type TickRow = Array<number | string | null>;

/** Column positions used by code that fills or reads rows. */
export const COL = Object.fromEntries(TICK_COLUMNS.map((c, i) => [c.sql, i])) as Record<(typeof TICK_COLUMNS)[number]["sql"], number>;

/** Investor classes in column order, as the injected investor-flow source reports them. */
export const INVESTOR_CLASSES = [
  "individual",
  "foreign",
  "institution",
  "pension",
  "investmentTrust",
  "insurance",
  "privateFund",
  "bank",
  "government",
  "otherCorporation",
] as const;
export type InvestorClass = (typeof INVESTOR_CLASSES)[number];
