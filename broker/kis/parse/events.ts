/** News titles and VI events as the client hands them on (no KIS field names past this file). */
import type { z } from "zod";
import type { NewsTitlesResponse, ViStatusResponse } from "../schemas/events.js";
import { toInt } from "./common.js";

export interface NewsHeadline {
  id: string;
  /** YYYYMMDD and HHMMSS, KST */
  date: string;
  time: string;
  title: string;
  /** the stock the item is about, when it names one */
  symbol?: string;
}

export interface ViEvent {
  symbol: string;
  date: string;
  /** HHMMSS when the VI started */
  startTime: string;
  /** HHMMSS when it ended; absent while it lasts */
  endTime?: string;
  kind: "static" | "dynamic" | "both";
  priceKrw: number;
  staticReferenceKrw: number;
  dynamicReferenceKrw: number;
}

export function parseNews(raw: z.infer<typeof NewsTitlesResponse>): NewsHeadline[] {
  return raw.output.map((row) => {
    const symbol = row.iscd1?.trim();
    return {
      id: row.cntt_usiq_srno,
      date: row.data_dt,
      time: row.data_tm,
      title: row.hts_pbnt_titl_cntt.trim(),
      ...(symbol ? { symbol } : {}),
    };
  });
}

const VI_KINDS = { "1": "static", "2": "dynamic", "3": "both" } as const;

export function parseViEvents(raw: z.infer<typeof ViStatusResponse>): ViEvent[] {
  return raw.output.map((row) => {
    const end = row.vi_cncl_hour.trim();
    return {
      symbol: row.mksc_shrn_iscd,
      date: row.bsop_date,
      startTime: row.cntg_vi_hour,
      ...(end ? { endTime: end } : {}),
      kind: VI_KINDS[row.vi_kind_code as keyof typeof VI_KINDS] ?? "dynamic",
      priceKrw: toInt(row.vi_prc),
      staticReferenceKrw: toInt(row.vi_stnd_prc),
      dynamicReferenceKrw: toInt(row.vi_dmc_stnd_prc),
    };
  });
}
