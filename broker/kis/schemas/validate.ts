/**
 * Validates KIS responses with zod: a missing required field is BROKER_RESPONSE_INVALID naming the
 * call and the field; a field the schema does not know is tolerated and reported once (warn).
 */
import { z } from "zod";
import { AppError } from "../../../core/errors.js";
import type { Logger } from "../../../core/logger.js";

/** Paths of fields in `data` that `schema` does not declare ("output1[].new_field"). */
export function unknownFields(schema: z.ZodType, data: unknown, path = ""): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unknownFields(schema.unwrap() as z.ZodType, data, path);
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly z.ZodType[];
    const match = options.find((option) => option.safeParse(data).success);
    return match ? unknownFields(match, data, path) : [];
  }
  if (schema instanceof z.ZodArray && Array.isArray(data)) {
    const element = schema.element as z.ZodType;
    return [...new Set(data.flatMap((row) => unknownFields(element, row, `${path}[]`)))];
  }
  if (schema instanceof z.ZodObject && data !== null && typeof data === "object" && !Array.isArray(data)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.entries(data).flatMap(([key, value]) => {
      const field = path ? `${path}.${key}` : key;
      const child = shape[key];
      return child ? unknownFields(child, value, field) : [field];
    });
  }
  return [];
}

export class ResponseValidator {
  private readonly reported = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** `what` names the call, e.g. "KIS quote (FHKST01010100)". */
  validate<S extends z.ZodType>(what: string, schema: S, data: unknown): z.infer<S> {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join(".") || "(body)";
      throw new AppError(
        "BROKER_RESPONSE_INVALID",
        `${what}: response field '${field}' is missing or invalid (${issue?.message ?? "invalid"})`,
      );
    }
    for (const field of unknownFields(schema, data)) {
      const key = `${what}|${field}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.log.warn("KIS response carries a field the client does not know", { endpoint: what, field });
    }
    return parsed.data;
  }
}
