// Markdown to HTML for exported pages, safe for untrusted model and tool text: raw HTML is shown as
// text, images become links (an <img> would fetch from the network), links keep only http(s) and
// mailto targets, and code is highlighted by highlight.js here, not in the browser.
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { Marked } from "marked";
import { escapeHtml } from "./assets.js";

const LANGUAGES = {
  bash,
  c,
  cpp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  markdown,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.registerAliases(["sh", "shell", "zsh", "console"], { languageName: "bash" });
hljs.registerAliases(["js", "jsx", "mjs"], { languageName: "javascript" });
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
hljs.registerAliases(["py"], { languageName: "python" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });
hljs.registerAliases(["yml"], { languageName: "yaml" });
hljs.registerAliases(["rs"], { languageName: "rust" });

/** Highlighted HTML of `code` (escaped plain text for unknown languages). */
export function highlightCode(code: string, language?: string): string {
  const lang = language?.trim().split(/\s+/)[0]?.toLowerCase();
  if (lang && hljs.getLanguage(lang) && code.length < 200_000) {
    return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  }
  return escapeHtml(code);
}

function safeHref(href: string): string | undefined {
  return /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : undefined;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    code({ text, lang }) {
      const language = lang ? ` language-${escapeHtml(lang.split(/\s+/)[0] ?? "")}` : "";
      return `<pre><code class="hljs${language}">${highlightCode(text, lang)}</code></pre>\n`;
    },
    image({ href, text }) {
      const target = safeHref(href);
      const label = escapeHtml(text || href);
      return target
        ? `<a href="${escapeHtml(target)}" rel="noopener noreferrer">[image: ${label}]</a>`
        : `[image: ${label}]`;
    },
    link({ href, tokens }) {
      const label = this.parser.parseInline(tokens);
      const target = safeHref(href);
      return target ? `<a href="${escapeHtml(target)}" rel="noopener noreferrer">${label}</a>` : label;
    },
  },
});

export function markdownToHtml(text: string): string {
  return marked.parse(text, { async: false }) as string;
}
