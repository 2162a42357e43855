/** PostgreSQL schema names as configured (DATABASE_SCHEMA): plain lower-case identifiers only. */
import { AppError } from "../../core/errors.js";

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(name: string): string {
  if (!NAME.test(name))
    throw new AppError(
      "CONFIG_INVALID",
      `A PostgreSQL schema name is lower-case letters, digits and _ (not starting with a digit); received '${name}'`,
    );
  return name;
}

/** The name as a quoted identifier (checked first, so quoting is only belt and braces). */
export function quoteIdent(name: string): string {
  return `"${checkSchemaName(name)}"`;
}
