// HTML -> Markdown for web_fetch: linkedom builds the DOM (fast, no browser), Readability keeps the
// article (navigation, headers, footers, sidebars and scripts go), turndown writes Markdown. Pages
// that are not articles (a listing, an index) keep their body minus the same clutter. The libraries
// are loaded on the first fetch only, so startup never pays for them.

export interface Converted {
  title?: string;
  markdown: string;
  /** "article": Readability found the main content; "page": the whole body, clutter removed. */
  kind: "article" | "page";
}

const CLUTTER = ["script", "style", "noscript", "iframe", "template", "svg", "canvas", "form"];
const PAGE_CLUTTER = [...CLUTTER, "nav", "header", "footer", "aside"];

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** A <base> so relative links come out absolute (linkedom's document has no URL of its own). */
function withBase(html: string, url: string): string {
  const base = `<base href="${escapeAttribute(url)}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return `${base}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${base}${html.slice(at)}`;
}

export async function htmlToMarkdown(html: string, url: string): Promise<Converted> {
  const [{ parseHTML }, { Readability }, { default: TurndownService }] = await Promise.all([
    import("linkedom"),
    import("@mozilla/readability"),
    import("turndown"),
  ]);
  const turndown = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
  });
  turndown.remove(CLUTTER as (keyof HTMLElementTagNameMap)[]);
  const { document } = parseHTML(withBase(html, url));
  const title = document.title?.trim() || undefined;
  // Readability changes the document it reads: give it its own copy, keep ours for the fallback.
  const article = new Readability(document.cloneNode(true) as Document, { keepClasses: false }).parse();
  if (article?.content && (article.textContent ?? "").trim().length > 0) {
    return { title: article.title?.trim() || title, markdown: tidy(turndown.turndown(article.content)), kind: "article" };
  }
  for (const tag of PAGE_CLUTTER) for (const node of [...document.querySelectorAll(tag)]) node.remove();
  const body = document.body?.innerHTML ?? "";
  return { title, markdown: tidy(turndown.turndown(body)), kind: "page" };
}

/** At most one blank line in a row, no trailing spaces. */
function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
