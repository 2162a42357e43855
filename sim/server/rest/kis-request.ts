/**
 * One parsed KIS REST request: headers, query and JSON body, with parameter names looked up
 * case-insensitively (KIS documents GET parameters in both cases) and typed readers that answer
 * the KIS error for a missing or malformed value.
 */
import { KRX_CODE_PATTERN } from "../../../venue/krx.js";
import { badParam, KisWireError } from "./kis-errors.js";

export type ParamSource = Record<string, string>;

export class KisRequest {
  private readonly params: Map<string, string>;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly headers: Record<string, string | string[] | undefined>,
    params: ParamSource,
  ) {
    this.params = new Map(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
  }

  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** The value, or undefined when the parameter is absent. */
  optional(name: string): string | undefined {
    return this.params.get(name.toUpperCase());
  }

  /** A parameter that must be present; it may be empty unless `nonEmpty`. */
  required(name: string, nonEmpty = true): string {
    const v = this.optional(name);
    if (v === undefined || (nonEmpty && v.trim() === "")) throw badParam(name);
    return v.trim();
  }

  /** One of the allowed codes; an absent or empty parameter takes `fallback` when given. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const v = this.optional(name)?.trim();
    if ((v === undefined || v === "") && fallback !== undefined) return fallback;
    if (v === undefined || !(allowed as readonly string[]).includes(v)) throw badParam(name, `one of ${allowed.join("/")}`);
    return v as T;
  }

  /** YYYYMMDD that is a real calendar date. */
  date(name: string): string {
    const v = this.required(name);
    if (!isCalendarDate(v)) throw badParam(name, "YYYYMMDD");
    return v;
  }

  /** A non-negative integer given as a string; empty means `fallback`. */
  integer(name: string, fallback?: number): number {
    const v = this.optional(name)?.trim() ?? "";
    if (v === "" && fallback !== undefined) return fallback;
    if (!/^\d+$/.test(v)) throw badParam(name, "integer");
    return Number(v);
  }

  /** A stock code in the KRX format (a leading J or Q market prefix is accepted and dropped). */
  stockCode(name: string): string {
    const raw = this.required(name).toUpperCase();
    const code = raw.length === 7 && (raw.startsWith("Q") || raw.startsWith("J")) ? raw.slice(1) : raw;
    if (!KRX_CODE_PATTERN.test(code)) throw new KisWireError("APBK0656", name);
    return code;
  }
}

export function isCalendarDate(v: string): boolean {
  if (!/^\d{8}$/.test(v)) return false;
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
