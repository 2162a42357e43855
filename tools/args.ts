/** Input pieces shared by the read tools, described in the model's terms. */
import { z } from "zod";
import { KRX_CODE_PATTERN } from "../venue/krx.js";

export const symbolArg = z
  .string()
  .regex(KRX_CODE_PATTERN, "a 6-character KRX code such as 005930")
  .describe("6-character KRX stock code, for example 005930 (Samsung Electronics)");

export const dateArg = (what: string) =>
  z
    .string()
    .regex(/^\d{8}$/, "a date as YYYYMMDD")
    .describe(`${what}, as YYYYMMDD in Korea time, for example 20261120`);

export const limitArg = (what: string, max: number, fallback: number) =>
  z.number().int().min(1).max(max).default(fallback).describe(`How many ${what} to return (1–${max}, default ${fallback})`);
