/**
 * A trading runtime for benchmarks: the in-process simulator at a continuous-session time, a temp
 * data directory, and optionally some holdings bought first. Closed and removed by `close()`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../core/config.js";
import { parseRiskLimits } from "../risk/limits.js";
import { createRuntime, type Runtime } from "../runtime/create-runtime.js";

export async function benchRuntime(
  env: Record<string, string> = {},
  holdings: string[] = [],
): Promise<{ rt: Runtime; dataDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "kis-agent-bench-"));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    KIS_SIM_START: "2026-11-23T10:30:00+09:00",
    KIS_SIM_SEED: "11",
    ...env,
  });
  const rt = await createRuntime({ config });
  // Benchmarks run many orders in one simulated day: lift the per-day order count, keep every other limit.
  rt.limits = parseRiskLimits({ maxOrdersPerDay: 1_000_000 });
  for (const symbol of holdings) await rt.kis.placeOrder({ symbol, side: "buy", quantity: 5, type: "market" });
  return {
    rt,
    dataDir,
    close: async () => {
      await rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
