// web_fetch's HTML -> Markdown conversion (linkedom + Readability + turndown) on large pages: time
// and peak memory. Baseline, same run: building linkedom's DOM of the same page alone (what any
// DOM-based conversion pays), so the ratio shows what Readability and turndown add. A 1 MB page
// goes through Readability; a 5 MB page is over READABILITY_MAX_HTML (2 MB) and is converted
// whole, clutter removed. Target: a 1 MB page in under 1.5 s. Needs tsx.
import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseHTML } from "linkedom";
import { htmlToMarkdown } from "../src/tools/web/to-markdown.ts";
import { bigPage } from "../test/support/web-server.ts";
import { median, report, reportFailure, reps } from "./lib/measure.mjs";

const here = import.meta.dirname;
const n = reps(5);
const MB = 1024 * 1024;

async function timeBoth(html) {
  await htmlToMarkdown(html, "https://example.com/docs/"); // loads the libraries, warms the JIT
  const convert = [];
  const dom = [];
  for (let i = 0; i < n; i++) {
    let started = performance.now();
    parseHTML(html);
    dom.push(performance.now() - started);
    started = performance.now();
    await htmlToMarkdown(html, "https://example.com/docs/");
    convert.push(performance.now() - started);
  }
  return { convertMs: median(convert), domMs: median(dom) };
}

function childPeak(bytes, baseline) {
  return new Promise((resolve, reject) => {
    const args = ["--import", "tsx", path.join(here, "lib/web-convert-child.mjs"), String(bytes)];
    if (baseline) args.push("--baseline");
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}`)),
    );
  });
}

for (const [label, bytes, target] of [
  ["1mb", MB, { op: "<", value: 1500, on: "value" }],
  ["5mb", 5 * MB, undefined],
]) {
  const html = bigPage(bytes);
  try {
    const { convertMs, domMs } = await timeBoth(html);
    report({
      name: `web_fetch.convert_${label}`,
      value: convertMs,
      unit: "ms",
      baselineName: "linkedom DOM alone",
      baselineValue: domMs,
      target,
      note: `${n} runs; ${label === "1mb" ? "Readability + turndown" : "over 2 MB: body minus clutter, no Readability"}`,
    });
  } catch (error) {
    reportFailure(`web_fetch.convert_${label}`, error);
  }
  try {
    const peaks = [];
    const bases = [];
    for (let i = 0; i < 3; i++) {
      bases.push((await childPeak(bytes, true)).peakRss);
      peaks.push((await childPeak(bytes, false)).peakRss);
    }
    report({
      name: `web_fetch.peak_rss_${label}`,
      value: median(peaks) / MB,
      unit: "MB",
      baselineName: "a process that only builds the DOM",
      baselineValue: median(bases) / MB,
      note: "3 runs each, VmHWM",
    });
  } catch (error) {
    reportFailure(`web_fetch.peak_rss_${label}`, error);
  }
}
