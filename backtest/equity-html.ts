/**
 * The equity curve as one self-contained HTML page: the strategy against buy-and-hold of the
 * universe and KOSPI, drawn by uPlot. The caller passes uPlot's script and stylesheet (read from
 * node_modules), which are inlined: the page opens from disk with no network and no CDN.
 */
import type { BacktestReport } from "./report.js";

export interface UplotAssets {
  js: string;
  css: string;
}

/** Text safe inside <script> and HTML: no closing tag, no markup. */
const scriptSafe = (json: string) => json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
const htmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderEquityHtml(report: BacktestReport, uplot: UplotAssets, summary: string): string {
  const series = {
    labels: report.equity.map((p) => p.date),
    strategy: report.equity.map((p) => Math.round((p.strategy - 1) * 1e6) / 1e4),
    buyAndHold: report.equity.map((p) => Math.round((p.buyAndHold - 1) * 1e6) / 1e4),
    kospi: report.equity.map((p) => Math.round((p.kospi - 1) * 1e6) / 1e4),
  };
  const title = `kis-agent backtest ${report.from}–${report.to} (${report.seed === null ? report.data : `seed ${report.seed}`}, prompt v${report.prompt.version})`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${htmlText(title)}</title>
<style>${uplot.css}</style>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}pre{background:#f6f6f6;padding:12px;overflow:auto}</style>
</head><body>
<h1>${htmlText(title)}</h1>
<div id="chart"></div>
<pre>${htmlText(summary)}</pre>
<script>${uplot.js}</script>
<script>
const data = ${scriptSafe(JSON.stringify(series))};
const x = data.labels.map((_, i) => i);
new uPlot({
  width: Math.min(1000, window.innerWidth - 48), height: 420,
  scales: { x: { time: false } },
  axes: [{ values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) ? data.labels[t] ?? "" : "")) }, { label: "return, %" }],
  series: [
    { label: "day", value: (_, v) => data.labels[v] ?? "" },
    { label: "strategy", stroke: "#1f77b4", width: 2 },
    { label: "buy-and-hold", stroke: "#2ca02c" },
    { label: "KOSPI", stroke: "#d62728" },
  ],
}, [x, data.strategy, data.buyAndHold, data.kospi], document.getElementById("chart"));
</script>
</body></html>
`;
}
