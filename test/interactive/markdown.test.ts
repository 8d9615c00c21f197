import { stripVTControlCharacters } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { markdownReady, renderMarkdown } from "../../src/cli/interactive/markdown.js";

const plain = (md: string, width = 60) => stripVTControlCharacters(renderMarkdown(md, width));

beforeAll(() => markdownReady());

describe("Markdown in the terminal", () => {
  it("renders bold and code inside list items (no literal asterisks or backticks)", () => {
    const out = plain("- edited **one** line with `code`\n- second *item*\n  1. nested **bold**\n");
    expect(out).toContain("edited one line with code");
    expect(out).toContain("nested bold");
    expect(out).not.toMatch(/\*\*|`/);
  });

  it("styles headings instead of printing their ##", () => {
    expect(plain("## Heading two\n\ntext")).toMatch(/^Heading two\n/);
  });

  it("aligns table columns, honouring right alignment", () => {
    const out = plain("| name | value |\n|------|------:|\n| a | 1 |\n| longer **name** | 12345 |\n");
    const lines = out.split("\n");
    expect(lines).toContain("│ a           │     1 │");
    expect(lines).toContain("│ longer name │ 12345 │");
    expect(new Set(lines.filter((l) => l.startsWith("│")).map((l) => l.length)).size).toBe(1);
  });

  it("prints code blocks unindented, so copying them gives the code as written", () => {
    const out = plain("```\nconst x = 1;\n  indented();\n```\n");
    expect(out).toContain("const x = 1;\n  indented();");
    expect(out).not.toContain("  const x");
  });
});
