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

/**
 * Above this much HTML, Readability is skipped: it takes seconds there (3.4 s for 5 MB here, see
 * bench/RESULTS.md), and the page is converted whole minus navigation, headers, footers and asides.
 */
export const READABILITY_MAX_HTML = 2 * 1024 * 1024;

type Libraries = [
  typeof import("linkedom"),
  typeof import("@mozilla/readability").Readability,
  typeof import("turndown"),
];

/** The three libraries; the two CommonJS ones arrive wrapped once more in the CLI's bundle. */
async function load(): Promise<Libraries> {
  const [linkedom, readability, turndown] = await Promise.all([
    import("linkedom"),
    import("@mozilla/readability"),
    import("turndown"),
  ]);
  const unwrap = <T>(mod: unknown, pick: (m: Record<string, unknown>) => unknown): T => {
    const direct = pick(mod as Record<string, unknown>);
    if (typeof direct === "function") return direct as T;
    return pick((mod as { default: Record<string, unknown> }).default) as T;
  };
  return [
    linkedom,
    unwrap(readability, (m) => m.Readability),
    unwrap(turndown, (m) => (typeof m === "function" ? m : m.default)),
  ];
}

function parse(lib: Libraries, html: string, url: string): Document {
  // linkedom builds no body for a bare fragment: give it the document around it.
  const whole = /<(html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = lib[0].parseHTML(whole);
  // A <base> so relative links come out absolute (linkedom's document has no URL of its own).
  for (const old of [...document.querySelectorAll("base")]) old.remove();
  const base = document.createElement("base");
  base.setAttribute("href", url);
  (document.head ?? document.documentElement)?.prepend(base);
  return document as unknown as Document;
}

export async function htmlToMarkdown(html: string, url: string): Promise<Converted> {
  const lib = await load();
  const turndown = new lib[2]({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
  });
  turndown.remove(CLUTTER as (keyof HTMLElementTagNameMap)[]);
  const document = parse(lib, html, url);
  const title = document.title?.trim() || undefined;
  if (html.length <= READABILITY_MAX_HTML) {
    // The serializer hands back the element itself: turndown then walks linkedom's nodes instead of
    // parsing the article's HTML a second time (3x faster on large pages).
    const reader = new lib[1]<Element>(document, {
      keepClasses: false,
      serializer: (el) => el as Element,
    });
    const article = reader.parse();
    if (article?.content && (article.textContent ?? "").trim().length > 0) {
      const heading = article.title?.trim() || title;
      const markdown = tidy(turndown.turndown(article.content as unknown as HTMLElement));
      // Readability moves the article's title out of its content; put it back as the top heading.
      const titled = heading && !markdown.startsWith("#") ? `# ${heading}\n\n${markdown}` : markdown;
      return { title: heading, markdown: titled, kind: "article" };
    }
  }
  // Not an article (or too large for Readability, which also changed the document it read): the
  // body, clutter removed.
  const page = html.length <= READABILITY_MAX_HTML ? parse(lib, html, url) : document;
  for (const tag of PAGE_CLUTTER) for (const node of [...page.querySelectorAll(tag)]) node.remove();
  return { title, markdown: page.body ? tidy(turndown.turndown(page.body)) : "", kind: "page" };
}

/** At most one blank line in a row, no trailing spaces. */
function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
