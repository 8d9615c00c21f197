// A fetched body as the text web_fetch returns: decoded by its charset, HTML converted to Markdown,
// text and JSON kept as they are, binary refused; then cut to maxChars. With a prompt, a page that
// is too long keeps its sections (split at Markdown headings) that mention the prompt's words first,
// in page order, so the part the model asked about survives the cut.
import { ToolError } from "../define.js";
import { htmlToMarkdown } from "./to-markdown.js";

export interface PageText {
  text: string;
  format: "Markdown" | "text" | "JSON";
  title?: string;
  /** What was cut, for the model. */
  notes: string[];
}

interface Body {
  url: URL;
  contentType: string;
  body: Buffer;
}

function charsetOf(contentType: string, body: Buffer, html: boolean): string {
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (declared) return declared;
  if (html) {
    const head = body.subarray(0, 2048).toString("latin1");
    const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
    if (meta) return meta;
  }
  return "utf-8";
}

function decode(body: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

type Kind = "html" | "json" | "text" | "binary";

function kindOf(contentType: string, body: Buffer): Kind {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (
    type.startsWith("text/") ||
    /^application\/(xml|javascript|x-javascript|ecmascript|yaml|x-yaml|toml|x-sh|sql|graphql)$/.test(type) ||
    type.endsWith("+xml")
  )
    return "text";
  if (type !== "" && type !== "application/octet-stream") return "binary";
  // No useful type: look at the bytes.
  const start = body.subarray(0, 1024);
  if (start.includes(0)) return "binary";
  return /^\s*(<!doctype html|<html)/i.test(start.toString("latin1")) ? "html" : "text";
}

export async function pageText(
  page: Body,
  options: { maxChars: number; prompt?: string },
): Promise<PageText> {
  const kind = kindOf(page.contentType, page.body);
  if (kind === "binary") {
    throw new ToolError(
      `${page.url.href} is ${page.contentType} (${page.body.length} bytes), not a text page; web_fetch reads HTML, text and JSON.`,
    );
  }
  const raw = decode(page.body, charsetOf(page.contentType, page.body, kind === "html"));
  if (kind !== "html") {
    const cut = cutText(raw, options.maxChars, undefined);
    return { ...cut, format: kind === "json" ? "JSON" : "text" };
  }
  const converted = await htmlToMarkdown(raw, page.url.href);
  const cut = cutText(converted.markdown, options.maxChars, options.prompt);
  return { ...cut, format: "Markdown", title: converted.title };
}

function cutNote(total: number, kept: number, max: number): string {
  return `The page is ${total.toLocaleString("en-US")} characters; ${kept.toLocaleString("en-US")} are shown (settings webFetch.maxChars = ${max.toLocaleString("en-US")}).`;
}

/** At most `max` characters: the start (at a line break), or with a prompt the sections about it. */
export function cutText(
  text: string,
  max: number,
  prompt: string | undefined,
): { text: string; notes: string[] } {
  if (text.length <= max) return { text, notes: [] };
  const chosen = prompt ? bySections(text, max, prompt) : undefined;
  if (chosen) return chosen;
  const lastBreak = text.lastIndexOf("\n", max);
  const kept = text.slice(0, lastBreak > max / 2 ? lastBreak : max);
  return { text: kept, notes: [`${cutNote(text.length, kept.length, max)} The rest was cut.`] };
}

const WORD = /[\p{L}\p{N}_]{3,}/gu;

function bySections(
  text: string,
  max: number,
  prompt: string,
): { text: string; notes: string[] } | undefined {
  const words = [...new Set(prompt.toLowerCase().match(WORD) ?? [])];
  if (words.length === 0) return undefined;
  const sections = text.split(/\n(?=#{1,6} )/);
  const scored = sections.map((section, index) => {
    const lower = section.toLowerCase();
    return { index, section, score: words.reduce((n, word) => n + (lower.includes(word) ? 1 : 0), 0) };
  });
  if (!scored.some((s) => s.score > 0)) return undefined;
  // Best-matching sections first (ties: earlier first), each whole, while they fit.
  const order = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const keep = new Set<number>();
  let used = 0;
  for (const s of order) {
    if (s.score === 0 && keep.size > 0) break;
    const cost = s.section.length + 2;
    if (used + cost > max) continue;
    keep.add(s.index);
    used += cost;
  }
  if (keep.size === 0) return undefined;
  const kept = scored
    .filter((s) => keep.has(s.index))
    .map((s) => s.section)
    .join("\n\n");
  return {
    text: kept,
    notes: [
      `${cutNote(text.length, kept.length, max)} Kept ${keep.size} of ${sections.length} sections, those that mention the prompt's words first; the others were cut.`,
    ],
  };
}
