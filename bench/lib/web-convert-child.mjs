// Child process for web_fetch's memory figure: builds a page of the given size, converts it to
// Markdown (or, with --baseline, only builds a linkedom DOM of it), and prints the process's
// resident-set high-water mark (VmHWM). Needs tsx (imports TypeScript from src/).
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { htmlToMarkdown } from "../../src/tools/web/to-markdown.ts";
import { bigPage } from "../../test/support/web-server.ts";

function peakRssBytes() {
  const match = readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+) kB$/m);
  if (!match) throw new Error("no VmHWM in /proc/self/status (Linux only)");
  return Number(match[1]) * 1024;
}

const [bytes, mode] = process.argv.slice(2);
const html = bigPage(Number(bytes));
let chars = 0;
if (mode === "--baseline") chars = parseHTML(html).document.body.textContent.length;
else chars = (await htmlToMarkdown(html, "https://example.com/docs/")).markdown.length;
process.stdout.write(`${JSON.stringify({ peakRss: peakRssBytes(), chars })}\n`);
