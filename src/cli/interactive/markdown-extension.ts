// Fixes on top of marked-terminal so answers render fully: inline Markdown inside list items (bold,
// code), headings styled without their `##`, tables with aligned columns (GFM `:--:` alignment
// honoured), and code blocks without indentation so copying them gives the code as written.
import { stripVTControlCharacters } from "node:util";
import type { MarkedExtension, Tokens } from "marked";
import { markedTerminal } from "marked-terminal";

const BOLD = (s: string) => `\u001b[1m${s}\u001b[22m`;
const DIM = (s: string) => `\u001b[2m${s}\u001b[22m`;

function visibleWidth(text: string): number {
  let width = 0;
  for (const ch of stripVTControlCharacters(text)) {
    const code = ch.codePointAt(0)!;
    // East Asian wide and emoji ranges take two columns.
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0x1f300 && code <= 0x1faff)
        ? 2
        : 1;
  }
  return width;
}

function pad(text: string, width: number, align: "left" | "right" | "center" | null): string {
  const gap = Math.max(0, width - visibleWidth(text));
  if (align === "right") return " ".repeat(gap) + text;
  if (align === "center") return " ".repeat(Math.floor(gap / 2)) + text + " ".repeat(Math.ceil(gap / 2));
  return text + " ".repeat(gap);
}

/** A table as box-drawn rows, each column as wide as its widest cell, aligned as the Markdown says. */
export function renderTable(
  header: string[],
  rows: string[][],
  align: Array<"left" | "right" | "center" | null>,
): string {
  const columns = header.length;
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(visibleWidth(header[c] ?? ""), ...rows.map((r) => visibleWidth(r[c] ?? ""))),
  );
  const line = (l: string, m: string, r: string) => DIM(l + widths.map((w) => "─".repeat(w + 2)).join(m) + r);
  const row = (cells: string[], style = (s: string) => s) =>
    DIM("│") +
    widths.map((w, c) => ` ${style(pad(cells[c] ?? "", w, align[c] ?? null))} `).join(DIM("│")) +
    DIM("│");
  return [
    line("┌", "┬", "┐"),
    row(header, BOLD),
    line("├", "┼", "┤"),
    ...rows.map((r) => row(r)),
    line("└", "┴", "┘"),
  ].join("\n");
}

type RendererThis = { parser: { parseInline(tokens: unknown): string } };
type RenderFn = (this: RendererThis, token: unknown) => string;

/** marked-terminal's extension with the fixes above. */
export function terminalMarkdown(width: number): MarkedExtension {
  const base = markedTerminal({ width, reflowText: false, tab: 2, showSectionPrefix: false });
  const renderer = base.renderer as unknown as Record<string, RenderFn>;
  const original = { ...renderer };
  renderer.text = function (this: RendererThis, token: unknown) {
    const t = token as Tokens.Text;
    if (typeof token === "object" && t.tokens && t.tokens.length > 0)
      return this.parser.parseInline(t.tokens);
    return original.text!.call(this, token);
  };
  renderer.code = function (this: RendererThis, token: unknown) {
    // marked-terminal indents code by `tab`; take it off again so copied code is exact.
    return original.code!.call(this, token).replace(/^ {2}/gm, "");
  };
  renderer.table = function (this: RendererThis, token: unknown) {
    const t = token as Tokens.Table;
    const cell = (c: Tokens.TableCell) => this.parser.parseInline(c.tokens).replace(/\n/g, " ");
    return `${renderTable(
      t.header.map(cell),
      t.rows.map((r) => r.map(cell)),
      t.align,
    )}\n\n`;
  };
  return base as MarkedExtension;
}
