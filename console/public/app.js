// kis-agent console: one small script for every page, reading the JSON API of console/server.ts.
// Labels follow the locale (Accept-Language, or the toggle kept in localStorage); numbers are KRW.
"use strict";

const LABELS = {
  en: {
    overview: "Overview",
    runs: "Runs",
    prompts: "Prompts",
    trades: "Trades",
    live: "Live",
    state: "Trading state",
    halt: "Halt trading",
    haltReason: "Reason for the halt",
    todayPnl: "Today's P&L",
    accounts: "Accounts",
    accountNo: "Account no.",
    total: "Total value",
    equity: "Equity curve",
    lastBacktest: "Last backtest",
    account: "Account",
    buyAndHold: "Buy and hold",
    kospi: "KOSPI",
    positions: "Positions",
    openOrders: "Open orders",
    pending: "Pending approvals",
    alerts: "Recent alerts",
    none: "none",
    symbol: "Symbol",
    qty: "Qty",
    avgPrice: "Avg price",
    price: "Price",
    pnl: "P&L",
    side: "Side",
    status: "Status",
    time: "Time",
    run: "Run",
    graph: "Graph",
    trigger: "Trigger",
    prompt: "Prompt",
    orders: "Orders",
    llm: "LLM calls",
    tokens: "Tokens",
    cost: "Cost",
    filter: "Filter",
    search: "Search",
    approve: "Approve",
    reject: "Reject",
    rollback: "Roll back",
    note: "Note",
    timeline: "Timeline by node",
    llmCalls: "LLM calls",
    toolCalls: "Tool calls",
    riskEvents: "Risk events",
    original: "Original order",
    adjusted: "Adjusted order",
    fills: "Fills",
    promptText: "Prompt",
    response: "Response",
    version: "Version",
    parent: "Parent",
    author: "Author",
    created: "Created",
    results: "Results",
    winRate: "Win rate",
    realised: "Realised P&L",
    perTrade: "P&L per trade",
    vsPrevious: "vs previous",
    diff: "Diff",
    rulesAdded: "Rules added (with the reflection's evidence)",
    rulesRetired: "Rules retired",
    evidence: "Evidence",
    changeLog: "Change log",
    evaluations: "Evaluation against other versions",
    confirm: "Type {v} to confirm (real money)",
    download: "Download CSV",
    from: "From",
    to: "To",
    action: "Action",
    budget: "Subscription budget",
    indicators: "Indicators",
    waiting: "Waiting for approval",
    accountError: "Account not read",
    done: "Done",
    reason: "Reason",
    node: "Node",
    what: "What",
    lang: "한국어",
    any: "any",
  },
  ko: {
    overview: "개요",
    runs: "실행",
    prompts: "프롬프트",
    trades: "거래",
    live: "실시간",
    state: "매매 상태",
    halt: "매매 중지",
    haltReason: "중지 사유",
    todayPnl: "오늘 손익",
    accounts: "계좌 목록",
    accountNo: "계좌번호",
    total: "총 평가금액",
    equity: "자산 곡선",
    lastBacktest: "최근 백테스트",
    account: "계좌",
    buyAndHold: "매수 후 보유",
    kospi: "코스피",
    positions: "보유 종목",
    openOrders: "미체결 주문",
    pending: "승인 대기",
    alerts: "최근 알림",
    none: "없음",
    symbol: "종목",
    qty: "수량",
    avgPrice: "평균가",
    price: "가격",
    pnl: "손익",
    side: "구분",
    status: "상태",
    time: "시각",
    run: "실행",
    graph: "그래프",
    trigger: "트리거",
    prompt: "프롬프트",
    orders: "주문",
    llm: "LLM 호출",
    tokens: "토큰",
    cost: "비용",
    filter: "필터",
    search: "검색",
    approve: "승인",
    reject: "거절",
    rollback: "되돌리기",
    note: "메모",
    timeline: "노드별 타임라인",
    llmCalls: "LLM 호출",
    toolCalls: "도구 호출",
    riskEvents: "리스크 이벤트",
    original: "원래 주문",
    adjusted: "조정된 주문",
    fills: "체결",
    promptText: "프롬프트",
    response: "응답",
    version: "버전",
    parent: "이전 버전",
    author: "작성자",
    created: "생성",
    results: "성과",
    winRate: "승률",
    realised: "실현 손익",
    perTrade: "거래당 손익",
    vsPrevious: "이전 대비",
    diff: "변경 사항",
    rulesAdded: "추가된 규칙 (회고 근거 포함)",
    rulesRetired: "폐기된 규칙",
    evidence: "근거",
    changeLog: "변경 기록",
    evaluations: "다른 버전과의 평가",
    confirm: "확인하려면 {v} 입력 (실계좌)",
    download: "CSV 다운로드",
    from: "시작",
    to: "끝",
    action: "매매",
    budget: "구독 한도",
    indicators: "지표",
    waiting: "승인 대기 중",
    accountError: "계좌 조회 실패",
    done: "완료",
    reason: "사유",
    node: "노드",
    what: "내용",
    lang: "English",
    any: "전체",
  },
};

let lang = "en";
const t = (key) => LABELS[lang][key] ?? key;
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const krw = (n) =>
  n === null || n === undefined
    ? "-"
    : new Intl.NumberFormat(lang === "ko" ? "ko-KR" : "en-US", { style: "currency", currency: "KRW" }).format(n);
const num = (n, d = 2) => (n === null || n === undefined ? "-" : Number(n).toFixed(d));
const when = (ms) => (ms ? new Date(ms).toLocaleString(lang === "ko" ? "ko-KR" : "en-GB", { timeZone: "Asia/Seoul" }) : "-");
const $main = () => document.getElementById("main");

/** The account of an ACCOUNTS_FILE this page is about (?account=ID); every API call and link carries it. */
const ACCOUNT = new URLSearchParams(location.search).get("account");

function withAccount(path) {
  if (!ACCOUNT) return path;
  const url = new URL(path, location.origin);
  if (!url.searchParams.has("account")) url.searchParams.set("account", ACCOUNT);
  return url.pathname + url.search;
}

// A link within the console keeps the account (set as it is followed, so no page builds it in).
document.addEventListener("click", (e) => {
  const a = e.target instanceof Element ? e.target.closest("a[href^='/']") : null;
  if (a) a.setAttribute("href", withAccount(a.getAttribute("href")));
});

async function api(path) {
  const res = await fetch(withAccount(path), { credentials: "same-origin" });
  if (!res.ok) throw new Error(`${res.status} ${(await res.json().catch(() => ({}))).message ?? res.statusText}`);
  return res.json();
}

/** Every state change carries the console's own header: a cross-site form cannot. */
async function post(path, body) {
  const res = await fetch(withAccount(path), {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-kis-console": "1" },
    body: JSON.stringify(body ?? {}),
  });
  const doc = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(doc.message ?? doc.reason ?? `${res.status}`);
  return doc;
}

function table(headers, rows, testid) {
  if (rows.length === 0) return `<p class="muted">${t("none")}</p>`;
  return `<div class="scroll"><table${testid ? ` data-testid="${testid}"` : ""}><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead>
    <tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
}

const section = (title, body, id) => `<section${id ? ` id="${id}"` : ""}><h2>${esc(title)}</h2>${body}</section>`;
const badge = (s) => `<span class="badge ${esc(String(s).toLowerCase())}">${esc(s)}</span>`;
const pre = (text) => `<pre>${esc(text)}</pre>`;
const json = (v) => (v === undefined || v === null ? "-" : `<code>${esc(JSON.stringify(v))}</code>`);

function nav(active, account) {
  const links = [
    ["/", "overview"],
    ["/runs", "runs"],
    ["/prompts", "prompts"],
    ["/trades", "trades"],
    ["/live", "live"],
  ];
  document.getElementById("nav").innerHTML =
    `<strong>kis-agent${account ? ` · ${esc(account)}` : ""}</strong><nav>${links.map(([href, key]) => `<a href="${href}"${key === active ? ' class="active"' : ""}>${t(key)}</a>`).join("")}</nav>
    <button id="lang" type="button">${t("lang")}</button>`;
  document.getElementById("lang").onclick = () => {
    localStorage.setItem("lang", lang === "ko" ? "en" : "ko");
    location.reload();
  };
}

function equityChart(el, eq) {
  if (eq.dates.length < 2 || typeof uPlot === "undefined") {
    el.innerHTML = `<p class="muted">${t("none")}</p>`;
    return;
  }
  // One point per trading day: the x axis is the day's index, labelled with its date.
  const xs = eq.dates.map((_d, i) => i);
  const series = [
    { label: t("time"), value: (_u, i) => eq.dates[i] ?? "" },
    { label: t("account"), stroke: "#2563eb", width: 2, value: (_u, v) => krw(v) },
  ];
  const data = [xs, eq.account];
  if (eq.buyAndHold.length) {
    series.push({ label: t("buyAndHold"), stroke: "#16a34a", value: (_u, v) => krw(v) });
    data.push(eq.buyAndHold);
  }
  if (eq.kospi.length) {
    series.push({ label: t("kospi"), stroke: "#9333ea", dash: [6, 4], value: (_u, v) => krw(v) });
    data.push(eq.kospi);
  }
  const width = Math.min(el.clientWidth || 600, 900);
  const dayAxis = { splits: () => xs, values: (_u, vals) => vals.map((i) => (eq.dates[i] ?? "").slice(5)) };
  new uPlot(
    {
      width,
      height: 260,
      series,
      scales: { x: { time: false } },
      axes: [dayAxis, { size: 60, values: (_u, vals) => vals.map((v) => `${(v / 1e6).toFixed(1)}M`) }],
    },
    data,
    el,
  );
}

function backtestSection(b, error) {
  if (!b) return `<p class="muted" data-testid="backtest-error">${esc(error)}</p>`;
  const pct = (n) => `${n >= 0 ? "+" : ""}${n}%`;
  const market = b.seed === null ? esc(b.data) : `${esc(b.data)} (seed ${b.seed})`;
  return `<p data-testid="backtest-summary">${esc(b.from)}–${esc(b.to)} · ${market} · v${b.prompt.version}: ${pct(b.totalReturnPct)} (${t("buyAndHold")} ${pct(b.buyAndHoldPct)}, ${t("kospi")} ${pct(b.kospiPct)}) · MDD ${b.maxDrawdownPct}% · ${b.trades} trades</p>
    <div id="backtest-chart" data-testid="backtest-chart"></div><p class="muted">${esc(b.file)}</p>`;
}

/** The accounts of an ACCOUNTS_FILE, each a link to its own console; nothing for a single account. */
function accountsSection(accounts, current) {
  if (accounts.length < 2) return [];
  const rows = accounts.map((a) => [
    a.id === current ? `<strong>${esc(a.id)}</strong>` : `<a href="/?account=${encodeURIComponent(a.id)}">${esc(a.id)}</a>`,
    esc(a.accountNo),
    badge(a.tradingState),
  ]);
  return [section(t("accounts"), table([t("account"), t("accountNo"), t("state")], rows, "accounts"))];
}

async function overviewPage(session) {
  const [o, accounts] = await Promise.all([api("/api/overview"), api("/api/accounts")]);
  const s = o.tradingState;
  $main().innerHTML = [
    ...accountsSection(accounts, session.account),
    section(
      t("state"),
      `<p data-testid="trading-state">${badge(s.state)} ${esc(s.reason)}</p>
      <form id="halt-form" class="row"><input name="reason" placeholder="${esc(t("haltReason"))}"><button type="submit" class="danger" data-testid="halt">${t("halt")}</button></form>`,
    ),
    section(
      t("todayPnl"),
      `<p class="big" data-testid="today-pnl">${krw(o.today.pnlKrw)}</p><p class="muted">${t("total")}: ${krw(o.today.totalValueKrw)}${o.accountError ? ` · ${t("accountError")}: ${esc(o.accountError)}` : ""}</p>`,
    ),
    section(t("equity"), `<div id="chart" data-testid="equity-chart"></div>`),
    ...(o.backtest || o.backtestError ? [section(t("lastBacktest"), backtestSection(o.backtest, o.backtestError))] : []),
    section(
      t("positions"),
      table(
        [t("symbol"), t("qty"), t("avgPrice"), t("price"), t("pnl")],
        o.positions.map((p) => [
          `${esc(p.symbol)} ${esc(p.name)}`,
          p.quantity,
          krw(p.averagePriceKrw),
          krw(p.currentPriceKrw),
          krw(p.unrealizedPnlKrw),
        ]),
      ),
    ),
    section(
      t("openOrders"),
      table(
        [t("time"), t("symbol"), t("side"), t("qty"), t("price"), "order"],
        o.openOrders.map((x) => [
          esc(x.orderedAt),
          `${esc(x.symbol)} ${esc(x.name)}`,
          esc(x.side),
          `${x.filledQuantity}/${x.quantity}`,
          krw(x.limitPriceKrw),
          esc(x.orderNo),
        ]),
      ),
    ),
    section(
      t("pending"),
      table(
        [t("run"), t("graph"), t("time")],
        o.pendingRuns.map((r) => [`<a href="/runs/${encodeURIComponent(r.runId)}">${esc(r.runId)}</a>`, esc(r.graph), when(r.startedAtMs)]),
        "pending-runs",
      ) +
        table(
          [t("prompt"), t("created"), t("changeLog")],
          o.proposedPrompts.map((v) => [
            `<a href="/prompts/${v.version}">v${v.version}</a>`,
            when(v.createdAtMs),
            esc(v.changeLog.split("\n")[0]),
          ]),
        ),
      "pending",
    ),
    section(
      t("alerts"),
      table(
        [t("time"), t("status"), "code", t("what")],
        o.alerts.map((a) => [when(a.createdAtMs), badge(a.severity), esc(a.code), esc(a.message)]),
      ),
    ),
  ].join("");
  equityChart(document.getElementById("chart"), o.equity);
  if (o.backtest) equityChart(document.getElementById("backtest-chart"), o.backtest.equity);
  document.getElementById("halt-form").onsubmit = async (e) => {
    e.preventDefault();
    await post("/api/halt", { reason: new FormData(e.target).get("reason") || undefined });
    location.reload();
  };
}

function filterForm(fields, values) {
  return `<form class="row filters" method="get">${fields
    .map(([name, label, options]) =>
      options
        ? `<label>${esc(label)} <select name="${name}"><option value="">${t("any")}</option>${options.map((o) => `<option${values.get(name) === o ? " selected" : ""}>${esc(o)}</option>`).join("")}</select></label>`
        : `<label>${esc(label)} <input name="${name}" value="${esc(values.get(name) ?? "")}"${name === "from" || name === "to" ? ' type="date"' : ""}></label>`,
    )
    .join("")}
    ${ACCOUNT ? `<input type="hidden" name="account" value="${esc(ACCOUNT)}">` : ""}<button type="submit">${t("filter")}</button></form>`;
}

async function runsPage() {
  const q = new URLSearchParams(location.search);
  const runs = await api(`/api/runs?${q}`);
  $main().innerHTML = section(
    t("runs"),
    filterForm(
      [
        ["graph", t("graph"), ["trading", "reflection"]],
        ["status", t("status"), ["running", "succeeded", "failed", "interrupted"]],
        ["trigger", t("trigger"), ["schedule", "event", "manual", "replay"]],
        ["q", t("search")],
      ],
      q,
    ) +
      table(
        [t("time"), t("run"), t("graph"), t("trigger"), t("status"), t("prompt"), t("orders"), t("llm"), t("tokens"), t("cost")],
        runs.map((r) => [
          when(r.startedAtMs),
          `<a href="/runs/${encodeURIComponent(r.runId)}">${esc(r.runId)}</a>`,
          esc(r.graph),
          esc(r.trigger),
          badge(r.status),
          esc(r.promptVersion ?? "-"),
          r.orders,
          r.llmCalls,
          `${r.inputTokens}/${r.outputTokens}`,
          `$${num(r.costUsd, 4)}`,
        ]),
        "runs",
      ),
  );
}

async function runPage(id) {
  const d = await api(`/api/runs/${encodeURIComponent(id)}`);
  const r = d.run;
  const answer =
    r.status === "interrupted"
      ? `<form id="answer" class="row"><input name="note" placeholder="${esc(t("note"))}">
      <button type="button" data-answer="approve" data-testid="approve-run">${t("approve")}</button><button type="button" data-answer="reject" class="danger" data-testid="reject-run">${t("reject")}</button></form>`
      : "";
  $main().innerHTML = [
    section(
      `${t("run")} ${r.runId}`,
      `<p data-testid="run-status">${badge(r.status)} ${esc(r.graph)} · ${esc(r.trigger)} · ${t("prompt")} v${esc(r.promptVersion ?? "-")} · $${num(r.costUsd, 4)}</p>
      ${r.status === "interrupted" ? `<p><strong>${t("waiting")}</strong></p>` : ""}${answer}${pre(r.summary || r.error || "")}`,
    ),
    section(
      t("timeline"),
      table(
        [t("time"), t("node"), t("what")],
        d.timeline.map((e) => [when(e.atMs), `<code>${esc(e.node)}</code>`, esc(e.what)]),
      ),
    ),
    section(
      t("llmCalls"),
      d.llmCalls.length
        ? d.llmCalls
            .map(
              (
                c,
              ) => `<details><summary>${esc(c.node)} · ${esc(c.provider)}/${esc(c.model)} · ${c.inputTokens}+${c.outputTokens} ${t("tokens")} · $${num(c.costUsdMicros / 1e6, 4)} · ${c.latencyMs} ms ${badge(c.status)}</summary>
      <h3>${t("promptText")}</h3>${pre(c.promptText)}<h3>${t("response")}</h3>${pre(c.responseText || c.error || "")}</details>`,
            )
            .join("")
        : `<p class="muted">${t("none")}</p>`,
    ),
    d.toolCalls
      ? section(
          t("toolCalls"),
          table(
            Object.keys(d.toolCalls[0] ?? {}),
            d.toolCalls.map((row) => Object.values(row).map((v) => esc(typeof v === "string" ? v.slice(0, 300) : v))),
          ),
        )
      : "",
    section(
      t("riskEvents"),
      table(
        [t("symbol"), t("side"), "kind", "code", t("reason"), t("original"), t("adjusted")],
        d.riskEvents.map((e) => [
          esc(e.symbol),
          esc(e.side),
          esc(e.kind),
          esc(e.code),
          esc(e.reason),
          json(e.originalOrder),
          json(e.adjustedOrder),
        ]),
      ),
    ),
    section(
      t("orders"),
      table(
        [t("symbol"), t("side"), t("qty"), t("price"), t("status"), "order", t("fills")],
        d.orders.map((o) => [
          esc(o.symbol),
          esc(o.side),
          o.quantity,
          krw(o.limitPriceKrw),
          badge(o.status),
          esc(o.orderNo ?? "-"),
          o.fills.map((f) => `${f.quantity} @ ${krw(f.priceKrw)}`).join("<br>") || "-",
        ]),
      ),
    ),
    section(
      t("trades"),
      table(
        [t("time"), t("symbol"), t("action"), t("qty"), t("price"), t("status")],
        d.trades.map((x) => [when(x.timestampMs), esc(x.ticker), esc(x.action), x.quantity, krw(x.priceKrw), badge(x.executionStatus)]),
      ),
    ),
  ].join("");
  for (const b of document.querySelectorAll("[data-answer]")) {
    b.onclick = async () => {
      b.disabled = true;
      const out = await post(`/api/runs/${encodeURIComponent(id)}/${b.dataset.answer}`, {
        note: new FormData(document.getElementById("answer")).get("note") || undefined,
      }).catch((e) => ({ error: e.message }));
      if (out.error && !out.status) alert(out.error);
      location.reload();
    };
  }
}

async function promptsPage() {
  const versions = await api("/api/prompts");
  $main().innerHTML = section(
    t("prompts"),
    table(
      [
        t("version"),
        t("parent"),
        t("status"),
        t("author"),
        t("created"),
        "+/-",
        t("runs"),
        t("trades"),
        t("winRate"),
        t("realised"),
        t("perTrade"),
        t("vsPrevious"),
      ],
      versions.map((v) => [
        `<a href="/prompts/${v.version}">v${v.version}</a>`,
        v.parentVersion ? `v${v.parentVersion}` : "-",
        badge(v.status),
        esc(v.author),
        when(v.createdAtMs),
        `+${v.rulesAdded}/-${v.rulesRetired}`,
        v.results.runs ?? 0,
        v.results.trades ?? 0,
        v.results.winRatePct === null || v.results.winRatePct === undefined ? "-" : `${v.results.winRatePct}%`,
        krw(v.results.realisedPnlKrw),
        krw(v.results.pnlPerTradeKrw),
        v.vsPrevious ? `${krw(v.vsPrevious.pnlPerTradeKrw)} · ${num(v.vsPrevious.winRatePct, 1)}%p` : "-",
      ]),
      "prompt-versions",
    ),
  );
}

function ruleRows(rules) {
  return table(
    ["id", "category", "condition", "action", "priority", t("reason"), t("evidence")],
    rules.map((r) => [
      esc(r.id),
      esc(r.category),
      `<code>${esc(r.condition)}</code>`,
      esc(r.action),
      esc(r.priority),
      esc(r.rationale ?? r.text),
      r.evidence
        ? `${r.evidence.support ?? "-"} trades · ${r.evidence.wins ?? 0}W/${r.evidence.losses ?? 0}L · ${krw(r.evidence.totalPnlKrw)}${r.evidence.tradeIds ? ` · #${r.evidence.tradeIds.join(", #")}` : ""}`
        : "-",
    ]),
    "rules-added",
  );
}

async function promptPage(version) {
  const v = await api(`/api/prompts/${version}`);
  const confirm = v.confirmWith
    ? `<input name="confirm" data-testid="confirm" placeholder="${esc(t("confirm").replace("{v}", v.confirmWith))}">`
    : "";
  const buttons = [
    v.status === "proposed" ? ["approve", "approve-prompt"] : null,
    v.status === "proposed" ? ["reject", "reject-prompt"] : null,
    v.status !== "active" && v.status !== "proposed" ? ["rollback", "rollback-prompt"] : null,
  ].filter(Boolean);
  $main().innerHTML = [
    section(
      `${t("prompt")} v${v.version}`,
      `<p data-testid="prompt-status">${badge(v.status)} ${esc(v.statusReason)} · ${t("author")} ${esc(v.author)} · ${t("parent")} ${v.parentVersion ? `v${v.parentVersion}` : "-"}</p>
      ${buttons.length ? `<form id="decide" class="row"><input name="note" placeholder="${esc(t("note"))}">${confirm}${buttons.map(([d, id]) => `<button type="button" data-decide="${d}" data-testid="${id}"${d === "reject" ? ' class="danger"' : ""}>${t(d)}</button>`).join("")}</form>` : ""}
      <h3>${t("changeLog")}</h3>${pre(v.changeLog)}`,
    ),
    section(
      t("evaluations"),
      (v.evaluations ?? []).length
        ? pre(
            v.evaluations
              .map(
                (e) =>
                  `v${e.b} − v${e.a} (${e.purpose}${e.verdict ? `, ${e.verdict}` : ""}): ${e.difference.totalReturnPct} pp total (v${e.b} ${e.meanReturnPct.b}%, v${e.a} ${e.meanReturnPct.a}%), daily ${e.difference.meanDailyPct} pp [${e.difference.lowPct}, ${e.difference.highPct}], ${e.days} day(s) ${e.from}–${e.to} × seeds ${e.seeds.join(", ")}`,
              )
              .join("\n"),
          )
        : `<p class="muted">${t("none")}</p>`,
    ),
    section(t("diff"), v.diff ? `<div id="diff" data-testid="diff"></div>` : `<p class="muted">${t("none")}</p>`),
    section(t("rulesAdded"), ruleRows(v.rulesAdded)),
    section(t("rulesRetired"), v.rulesRetired.length ? pre(v.rulesRetired.join("\n")) : `<p class="muted">${t("none")}</p>`),
  ].join("");
  if (v.diff && typeof Diff2Html !== "undefined") {
    document.getElementById("diff").innerHTML = Diff2Html.html(v.diff, {
      outputFormat: window.innerWidth < 700 ? "line-by-line" : "side-by-side",
      drawFileList: false,
      matching: "lines",
    });
  }
  for (const b of document.querySelectorAll("[data-decide]")) {
    b.onclick = async () => {
      const form = new FormData(document.getElementById("decide"));
      try {
        await post(`/api/prompts/${v.version}/${b.dataset.decide}`, {
          note: form.get("note") || undefined,
          confirm: form.get("confirm") || undefined,
        });
      } catch (e) {
        alert(e.message);
      }
      location.reload();
    };
  }
}

async function tradesPage() {
  const q = new URLSearchParams(location.search);
  const trades = await api(`/api/trades?${q}`);
  $main().innerHTML = section(
    t("trades"),
    filterForm(
      [
        ["symbol", t("symbol")],
        ["action", t("action"), ["buy", "sell", "hold"]],
        ["status", t("status"), ["FILLED", "PARTIAL", "ACKED", "UNKNOWN", "CANCELLED", "REJECTED", "DENIED", "SKIPPED"]],
        ["from", t("from")],
        ["to", t("to")],
      ],
      q,
    ) +
      `<p><a href="/api/trades.csv?${esc(q.toString())}" download data-testid="csv">${t("download")}</a></p>` +
      table(
        [t("time"), t("symbol"), t("action"), t("qty"), t("price"), t("status"), "order", "pnl 7d", "pnl 30d", t("prompt"), t("run")],
        trades.map((x) => [
          when(x.timestampMs),
          esc(x.ticker),
          esc(x.action),
          x.quantity,
          krw(x.priceKrw),
          badge(x.executionStatus),
          esc(x.orderNumber ?? "-"),
          krw(x.pnl7DaysKrw),
          krw(x.pnl30DaysKrw),
          esc(x.promptVersion ?? "-"),
          `<a href="/runs/${encodeURIComponent(x.runId)}">${esc(x.runId)}</a>`,
        ]),
        "trades",
      ),
  );
}

function livePage() {
  $main().innerHTML = section(t("live"), `<p data-testid="budget"></p><div id="live"></div>`);
  const source = new EventSource(withAccount("/api/live"));
  source.addEventListener("snapshot", (e) => {
    const d = JSON.parse(e.data);
    if (d.error) return;
    document.querySelector("[data-testid=budget]").textContent = `${t("budget")}: ${d.budget.used} / ${d.budget.cap} (${d.budget.source})`;
    document.getElementById("live").innerHTML = table(
      [t("symbol"), t("time"), t("price"), "MA5", "RSI14", "disparity", "stoch %K", "vol ratio", "imbalance", "spread"],
      d.symbols.map((s) => [
        esc(s.symbol),
        when(s.atMs),
        krw(s.priceKrw),
        num(s.ma5, 0),
        num(s.rsi14, 1),
        num(s.disparity, 2),
        num(s.stochK, 1),
        num(s.volRatio, 2),
        num(s.imbalance, 2),
        krw(s.spreadKrw),
      ]),
      "live-symbols",
    );
  });
}

async function main() {
  const session = await api("/api/session");
  lang = localStorage.getItem("lang") ?? session.locale;
  document.documentElement.lang = lang;
  const path = location.pathname;
  const [, page, arg] = path.split("/").map(decodeURIComponent);
  nav(page || "overview", session.account);
  try {
    if (!page) await overviewPage(session);
    else if (page === "runs") await (arg ? runPage(arg) : runsPage());
    else if (page === "prompts") await (arg ? promptPage(arg) : promptsPage());
    else if (page === "trades") await tradesPage();
    else if (page === "live") livePage();
  } catch (err) {
    $main().innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
  document.body.dataset.ready = "1";
}

main();
