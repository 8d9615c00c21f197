// The README is a door: it stays short, and every relative link in it and in docs/ leads somewhere.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const README = path.join(ROOT, "README.md");
const DOCS = path.join(ROOT, "docs");
const MAX_README_LINES = 220;

function markdownFiles(): string[] {
  const docs = readdirSync(DOCS)
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join(DOCS, name));
  return [README, ...docs];
}

/** Targets of `[text](target)` links outside code spans and fenced blocks. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  const links: string[] = [];
  for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    links.push(target);
  }
  return links;
}

describe("documentation", () => {
  it(`README.md stays a door: at most ${MAX_README_LINES} lines`, () => {
    const lines = readFileSync(README, "utf8").split("\n").length;
    expect(lines).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it("finds links in README.md and docs/", () => {
    const count = markdownFiles().reduce(
      (n, file) => n + relativeLinks(readFileSync(file, "utf8")).length,
      0,
    );
    expect(count).toBeGreaterThan(10);
  });

  it("every relative link in README.md and docs/*.md points to an existing file", () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const link of relativeLinks(readFileSync(file, "utf8"))) {
        const target = path.resolve(path.dirname(file), decodeURIComponent(link.split("#")[0]));
        if (!existsSync(target) || !(statSync(target).isFile() || statSync(target).isDirectory()))
          broken.push(`${path.relative(ROOT, file)}: ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("the link check catches a broken link and ignores code, URLs and anchors", () => {
    const sample = "[a](docs/x.md) [b](https://example.com) [c](#top) `[d](no.md)`\n```\n[e](no.md)\n```";
    expect(relativeLinks(sample)).toEqual(["docs/x.md"]);
  });
});
