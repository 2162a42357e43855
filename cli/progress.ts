/**
 * Progress of a replay on stderr: a bar redrawn in place on a terminal, a plain line every 10 %
 * otherwise (a log or CI), nothing when stdout carries JSON. Shared by `demo` and `backtest`.
 */
import type { ReplayProgress } from "../runtime/replay.js";

function drawBar(p: ReplayProgress, label: string): void {
  const width = 30;
  const filled = Math.round(p.fraction * width);
  process.stderr.write(
    `\r${label}[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(p.fraction * 100).toFixed(0).padStart(3)}%  day ${p.dayIndex + 1}/${p.days} ${p.simulatedTime.slice(11, 16)} KST  ${p.tradingRuns} run(s)`,
  );
}

/** An onProgress for runReplay, and `done()` to end the bar's line. */
export function replayProgress(options: { quiet: boolean; label?: string }): { onProgress: (p: ReplayProgress) => void; done: () => void } {
  const tty = process.stderr.isTTY === true && !options.quiet;
  const label = options.label ? `${options.label} ` : "";
  let lastPercent = -1;
  return {
    onProgress(p) {
      const percent = Math.floor(p.fraction * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      if (tty) drawBar(p, label);
      else if (!options.quiet && percent % 10 === 0)
        process.stderr.write(`${label}${percent}% day ${p.dayIndex + 1}/${p.days} ${p.simulatedTime}\n`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
