// The site dashboard: reads this site's API and fills the tables. Text from the registry (other sites' names,
// endpoints, tools) goes in with textContent only, never as HTML.
"use strict";

const recentResults = 20;

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${body && body.error ? body.error : response.statusText}`);
  }
  return body;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  return td;
}

function fill(table, items, columns, emptyText) {
  const body = table.tBodies[0];
  body.replaceChildren();
  if (items.length === 0) {
    const td = cell(body.insertRow(), emptyText, "empty");
    td.colSpan = table.tHead.rows[0].cells.length;
    return;
  }
  for (const item of items) {
    const row = body.insertRow();
    for (const column of columns) {
      const [text, className] = column(item);
      cell(row, text, className);
    }
  }
}

// "site-a: accepted; site-b: kept-own; site-c: gone: no live card to ask".
const decisionText = sites => sites.map(s => `${s.site}: ${s.decision || s.problem}`).join("; ");

const names = list => (list && list.length ? `${list.length}: ${list.join(", ")}` : "0");

const problems = [];
function report(message) {
  problems.push(message);
  const status = document.getElementById("status");
  status.textContent = problems.join("; ");
  status.className = "error";
}

async function loadSites() {
  const sites = await getJson("/api/sites");
  fill(document.getElementById("sites"), sites, [
    s => [s.self ? `${s.site} (this site)` : s.site],
    s => [s.displayName],
    s => [s.endpoint],
    s => [s.tools.join(", ")],
    s => [s.live ? "live" : "gone", s.live ? "live" : ""],
  ], "no live sites in the registry");
  return sites;
}

async function loadVerified() {
  // The server lists them newest period first; a long-running site has thousands.
  const decisions = await getJson(`/api/verified?limit=${recentResults}`);
  decisions.sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : -1));
  const recent = decisions.slice(0, recentResults);
  const views = await Promise.all(recent.map(async d => {
    const path = `${encodeURIComponent(d.tool)}/${encodeURIComponent(d.period)}`;
    const view = await getJson(`/api/verified/${path}`)
      .catch(e => ({ tool: d.tool, period: d.period, decision: d, verified: null, problem: e.message }));
    // Every member's accept-or-keep decision (this site asks the others); this site's own when that read fails.
    view.sites = await getJson(`/api/decisions/${path}`).then(r => r.sites).catch(() => null);
    return view;
  }));
  fill(document.getElementById("verified"), views, [
    v => [v.tool],
    v => [v.period],
    v => [v.verified ? v.verified.round : v.decision.round],
    v => [v.verified ? v.verified.site : v.decision.publisher],
    v => [v.verified ? names(v.verified.support) : v.problem || "unknown"],
    v => [v.verified ? names(v.verified.dissent) : ""],
    v => [v.verified ? names(v.verified.accepted) : ""],
    v => [v.verified ? names(v.verified.timedOut) : ""],
    v => v.sites ? [decisionText(v.sites), v.sites.some(s => s.decision === "kept-own") ? "kept-own" : v.sites.every(s => s.decision === "accepted") ? "accepted" : ""]
                 : [v.decision ? v.decision.decision : "undecided", v.decision ? v.decision.decision : ""],
  ], "this site has no verified results yet");
  return decisions;
}

// Each tool this site runs (MAO_TOOLS), today's and yesterday's run; "None" when it never started.
async function loadRuns() {
  const reply = await getJson("/api/runs");
  fill(document.getElementById("runs"), reply.runs, [
    r => [r.tool],
    r => [r.period],
    r => [r.runtimeStatus],
    r => [r.lastUpdatedAt],
  ], "this site runs no tools");
}

// Signed alerts from every site, already verified by this site's API: forged ones never reach the page.
async function loadNotifications() {
  const reply = await getJson(`/api/notifications?limit=${recentResults}`);
  fill(document.getElementById("notifications"), reply.notifications, [
    n => [n.date],
    n => [n.tool],
    n => [n.series],
    n => [n.value],
    n => [n.expected.toFixed(1)],
    n => [n.severity, n.severity],
    n => [n.rule],
    n => [n.site],
  ], "no notifications");
}

function chartQuery(form) {
  const query = new URLSearchParams();
  query.set("metric", form.metric.value.trim() || "records");
  if (form.from.value.trim()) query.set("from", form.from.value.trim());
  if (form.to.value.trim()) query.set("to", form.to.value.trim());
  return query;
}

async function showTrend(form) {
  const tool = form.tool.value.trim();
  const img = document.getElementById("chart");
  const caption = document.getElementById("chart-caption");
  if (!tool) {
    img.hidden = true;
    caption.textContent = "no tool to chart yet";
    return;
  }
  const query = chartQuery(form);
  query.set("width", "900");
  query.set("height", "450");
  img.onerror = () => report(`chart of ${tool} could not be drawn (see /api/series/${tool})`);
  img.src = `/api/charts/${encodeURIComponent(tool)}.png?${query}`;
  img.hidden = false;
  caption.textContent = `${tool}: ${query.get("metric")} per day of ground truth, with its OLS trend`;
  const alerts = await getJson(`/api/alerts/${encodeURIComponent(tool)}?${chartQuery(form)}`);
  fill(document.getElementById("alerts"), alerts.alerts, [
    a => [a.series],
    a => [a.date],
    a => [a.value],
    a => [a.expected.toFixed(1)],
    a => [a.severity, a.severity],
    a => [a.score.toFixed(2)],
  ], `no alerts over ${alerts.points} days`);
}

async function main() {
  const form = document.getElementById("chart-form");
  const params = new URLSearchParams(window.location.search);
  for (const name of ["tool", "metric", "from", "to"]) {
    if (params.get(name)) form[name].value = params.get(name);
  }
  form.addEventListener("submit", event => {
    event.preventDefault();
    showTrend(form).catch(e => report(e.message));
  });
  const health = await getJson("/api/health").catch(e => { report(e.message); return null; });
  if (health) document.getElementById("site-name").textContent = health.site;
  const [sites, decisions] = await Promise.all([
    loadSites().catch(e => { report(e.message); return []; }),
    loadVerified().catch(e => { report(e.message); return []; }),
    loadNotifications().catch(e => report(e.message)),
    loadRuns().catch(e => report(e.message)),
  ]);
  if (!form.tool.value) {
    const tools = decisions.map(d => d.tool).concat(...sites.map(s => s.tools));
    form.tool.value = tools.length ? tools[0] : "";
  }
  await showTrend(form).catch(e => report(e.message));
  if (problems.length === 0) {
    const status = document.getElementById("status");
    status.textContent = `loaded ${new Date().toISOString()}`;
    status.className = "";
  }
}

main();
