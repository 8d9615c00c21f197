// `sessions report --html FILE`: a self-contained page with uPlot bar charts (inlined, no network)
// of tokens and cost per group, and the same table as the terminal.
import { BASE_CSS, escapeHtml, uplotAssets } from "../export/assets.js";
import { page } from "../export/html.js";
import type { Report } from "./aggregate.js";

const REPORT_CSS = `
.chart{margin:16px 0 28px}.chart h2{font-size:16px;margin:0 0 8px}
.uplot,.u-legend{color:var(--fg)}
table.report{width:100%;font-size:13px}
`;

/** Data for the page's script: labels and series, as JSON inside a non-executable script element. */
function chartData(report: Report) {
  return {
    labels: report.rows.map((r) => r.key),
    prompt: report.rows.map((r) => r.prompt_tokens),
    completion: report.rows.map((r) => r.completion_tokens),
    cost: report.rows.map((r) => Number(r.cost_usd.toFixed(6))),
  };
}

const CHART_SCRIPT = `
(function(){
var d=JSON.parse(document.getElementById("report-data").textContent);
var xs=d.labels.map(function(_,i){return i});
var css=getComputedStyle(document.documentElement);
function color(n){return css.getPropertyValue(n).trim()||"#888"}
function chart(el,title,series,data){
  var w=Math.min(920,document.querySelector("main").clientWidth);
  var n=series.length;
  // Bars start at 0: an axis from the smallest value would make small differences look large.
  var opts={width:w,height:280,title:title,scales:{x:{time:false,range:[-0.5,xs.length-0.5]},y:{range:function(u,min,max){return [0,max>0?max*1.05:1]}}},
    axes:[{stroke:color("--fg"),grid:{show:false},values:function(u,v){return v.map(function(i){return Number.isInteger(i)&&d.labels[i]!==undefined?String(d.labels[i]).slice(-24):""})},splits:function(){return xs}},{stroke:color("--fg"),grid:{stroke:color("--border")},size:70}],
    series:[{label:"group",value:function(u,i){return i==null?"-":d.labels[i]}}].concat(series.map(function(s){return{label:s.label,stroke:s.color,fill:s.color+"cc",paths:uPlot.paths.bars({size:[n>1?0.38:0.7,64],align:n>1?(s.align):0}),points:{show:false}}}))};
  return new uPlot(opts,[xs].concat(data),document.getElementById(el));
}
window.reportCharts=[];
if(xs.length){
  window.reportCharts.push(chart("tokens","Tokens",[{label:"prompt (cache included)",color:"#4493f8",align:-1},{label:"completion",color:"#3fb950",align:1}],[d.prompt,d.completion]));
  window.reportCharts.push(chart("cost","Cost (USD)",[{label:"cost",color:"#a371f7"}],[d.cost]));
}
})();`;

function table(report: Report): string {
  const head = [
    report.by,
    "sessions",
    "tool calls",
    "prompt",
    "completion",
    "cache read",
    "cache write",
    "total",
    "cost (USD)",
  ];
  const cells = (r: Report["total"]) => [
    r.key,
    r.sessions,
    r.tool_calls,
    r.prompt_tokens,
    r.completion_tokens,
    r.cache_read_tokens,
    r.cache_creation_tokens,
    r.total_tokens,
    `${r.cost_complete ? "" : "≥ "}${r.cost_usd.toFixed(4)}`,
  ];
  const row = (values: unknown[], tag = "td") =>
    `<tr>${values.map((v) => `<${tag}>${escapeHtml(String(v))}</${tag}>`).join("")}</tr>`;
  return `<table class="report"><thead>${row(head, "th")}</thead><tbody>${report.rows.map((r) => row(cells(r))).join("")}</tbody><tfoot>${row(cells({ ...report.total, key: "total" }), "th")}</tfoot></table>`;
}

export function reportToHtml(report: Report): string {
  const { js, css } = uplotAssets();
  const title = `agenix usage report by ${report.by}`;
  const since = report.since ? `since ${report.since.slice(0, 10)}` : "all sessions";
  const data = JSON.stringify(chartData(report)).replace(/</g, "\\u003c");
  const head = `<style>${BASE_CSS}${css}${REPORT_CSS}</style>`;
  const body =
    `<header class="page"><h1>${escapeHtml(title)}</h1><dl class="facts"><dt>Period</dt><dd>${escapeHtml(since)}</dd>` +
    `<dt>Sessions</dt><dd>${report.total.sessions}</dd><dt>Tokens</dt><dd>${report.total.total_tokens}</dd>` +
    `<dt>Cost</dt><dd>${report.total.cost_complete ? "" : "≥ "}$${report.total.cost_usd.toFixed(4)}</dd></dl></header>` +
    `<div class="chart" id="tokens"></div><div class="chart" id="cost"></div>${table(report)}` +
    `<script type="application/json" id="report-data">${data}</script>`;
  return page(title, head, body, `${js}\n${CHART_SCRIPT}`);
}
