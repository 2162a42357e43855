/** The instants of one trading day's regular session (KST), from the KRX timetable in venue/krx.ts. */
import { fromKst, kstParts } from "../../core/clock.js";
import { SESSION_TIMES } from "../../venue/krx.js";
import { isKrxTradingDay, nextTradingDay } from "../../venue/krx-calendar.js";

export interface SessionDay {
  /** YYYYMMDD */
  date: string;
  /** 08:30 order entry for the opening auction */
  preOpenMs: number;
  /** 09:00 opening single price, then continuous trading */
  openMs: number;
  /** 15:20 closing auction order entry */
  closingAuctionMs: number;
  /** 15:30 closing single price */
  closeMs: number;
}

export function sessionDay(date: string): SessionDay {
  const midnight = fromKst(date);
  return {
    date,
    preOpenMs: midnight + SESSION_TIMES.preOpenStart * 1000,
    openMs: midnight + SESSION_TIMES.open * 1000,
    closingAuctionMs: midnight + SESSION_TIMES.closingAuctionStart * 1000,
    closeMs: midnight + SESSION_TIMES.close * 1000,
  };
}

/** The session that is running or comes next at `ms`: today until its close, else the next trading day. */
export function currentOrNextSession(ms: number): SessionDay {
  const today = kstParts(ms).date;
  if (isKrxTradingDay(today) && ms < sessionDay(today).closeMs) return sessionDay(today);
  return sessionDay(nextTradingDay(today));
}

export function followingSession(day: SessionDay): SessionDay {
  return sessionDay(nextTradingDay(day.date));
}
