/** Responses of the oauth endpoints (not wrapped in the rt_cd envelope). */
import { z } from "zod";
import { known, text } from "./common.js";

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  /** seconds; KIS sends a number, tolerate a numeric string */
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]),
  ...known("token_type", "access_token_token_expired"),
});

export const ApprovalResponse = z.object({ approval_key: z.string().min(1) });

export const RevokeResponse = z.object({ code: z.union([text, z.number()]).optional(), message: text.optional() });
