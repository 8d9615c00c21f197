// Library files inlined into exported pages (no network): highlight.js themes, uPlot's script and CSS.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function packageFile(spec: string): string {
  return readFileSync(require.resolve(spec), "utf8");
}

/** highlight.js's GitHub themes: light at the top level, dark for a dark page (system or toggle). */
export function highlightCss(): string {
  const light = packageFile("highlight.js/styles/github.min.css");
  const dark = packageFile("highlight.js/styles/github-dark.min.css");
  return `${light}\nhtml[data-theme="dark"]{${dark}}\n@media (prefers-color-scheme: dark){html:not([data-theme="light"]){${dark}}}`;
}

export function uplotAssets(): { js: string; css: string } {
  return { js: packageFile("uplot/dist/uPlot.iife.min.js"), css: packageFile("uplot/dist/uPlot.min.css") };
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A script body that cannot close its <script> element early. */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** Pages allow nothing from the network: only their own inline styles and scripts. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; font-src data:";

/** Shared page chrome: colours for light and dark, the theme toggle. */
export const BASE_CSS = `
:root{--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--card:#f6f8fa;--border:#d1d9e0;--accent:#0969da;--user:#ddf4ff;--error:#cf222e}
html[data-theme="dark"]{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#151b23;--border:#3d444d;--accent:#4493f8;--user:#102a43;--error:#f85149}
@media (prefers-color-scheme: dark){html:not([data-theme="light"]){--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#151b23;--border:#3d444d;--accent:#4493f8;--user:#102a43;--error:#f85149}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:960px;margin:0 auto;padding:24px 16px 64px}
header.page{border-bottom:1px solid var(--border);margin-bottom:24px;padding-bottom:12px}
header.page h1{margin:0 0 8px;font-size:24px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0;color:var(--muted);font-size:13px}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
button.theme{position:fixed;top:12px;right:12px;background:var(--card);color:var(--fg);border:1px solid var(--border);border-radius:6px;padding:4px 10px;cursor:pointer}
pre{background:var(--card);border:1px solid var(--border);border-radius:6px;padding:10px;overflow:auto;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
pre code.hljs{background:transparent!important;padding:0!important}
a{color:var(--accent)}
table{border-collapse:collapse}td,th{border:1px solid var(--border);padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
`;

export const THEME_TOGGLE = `(function(){var b=document.querySelector("button.theme");if(!b)return;b.addEventListener("click",function(){var r=document.documentElement;var dark=r.getAttribute("data-theme")==="dark"||(!r.getAttribute("data-theme")&&matchMedia("(prefers-color-scheme: dark)").matches);r.setAttribute("data-theme",dark?"light":"dark");});})();`;
