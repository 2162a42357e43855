/**
 * `--data generated | recorded [FILE] | csv DIR | history [DIR]` and `--history DIR`: the market a
 * backtest or a prompt evaluation trades, as the simulator's MarketDataSpec. The path after the
 * source is the command's one extra positional argument.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AppConfig } from "../core/config.js";
import { AppError } from "../core/errors.js";
import { databaseFile } from "../runtime/paths.js";
import type { MarketDataSpec } from "../sim/market/market-data.js";

export const DATA_USAGE = `  --data SOURCE         the market to trade                            default generated
                          generated       the seeded generator (--seed)
                          recorded [FILE] the ticks \`start\` recorded    default this mode's ledger file
                          csv DIR         the seed's collector CSV files (\`ticks export\`)
                          history [DIR]   minute bars \`history fetch\` stored   default DATA_DIR/history
  --history DIR         daily bars before the period (recorded, csv)   default DATA_DIR/history when present`;

export interface DataArgs {
  data?: string | undefined;
  history?: string | undefined;
}

/** `rest`: the positional arguments left after the command's own (the source's path, if any). */
export function marketDataArg(values: DataArgs, rest: string[], config: AppConfig): MarketDataSpec {
  if (rest.length > 1) throw new AppError("DATA_INVALID", `--data takes one path, received '${rest.join(" ")}'`);
  const path = rest[0] === undefined ? undefined : resolve(rest[0]);
  const source = values.data ?? "generated";
  if (source !== "generated" && source !== "recorded" && source !== "csv" && source !== "history")
    throw new AppError("DATA_INVALID", `--data must be generated, recorded, csv or history, received '${source}'`);
  if (path !== undefined && source === "generated")
    throw new AppError("DATA_INVALID", `--data generated takes no path, received '${path}'`);
  if (values.history !== undefined && (source === "generated" || source === "history"))
    throw new AppError("DATA_INVALID", `--history goes with --data recorded or csv, not ${source}`);
  const defaultHistory = join(config.dataDir, "history");
  const historyDir = values.history !== undefined ? resolve(values.history) : existsSync(defaultHistory) ? defaultHistory : undefined;
  const withHistory = historyDir === undefined ? {} : { historyDir };
  const mustExist = (p: string, what: string) => {
    if (!existsSync(p)) throw new AppError("NOT_FOUND", `--data ${source}: no ${what} at ${p}`);
    return p;
  };
  switch (source) {
    case "generated":
      return { kind: "generated" };
    case "csv":
      if (path === undefined) throw new AppError("DATA_INVALID", "--data csv needs the directory: --data csv DIR");
      return { kind: "csv", dir: mustExist(path, "directory"), ...withHistory };
    case "recorded":
      return { kind: "recorded", dbPath: mustExist(path ?? databaseFile(config), "ledger file"), ...withHistory };
    case "history":
      return { kind: "history", dir: mustExist(path ?? defaultHistory, "history directory (kis-agent history fetch)") };
  }
}
