// Export: Markdown and HTML against golden files, and the HTML page in headless Chromium.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionToHtml } from "../../src/history/export/html.js";
import { sessionToMarkdown } from "../../src/history/export/markdown.js";
import { redactSession } from "../../src/redact/redact.js";
import { checkPage } from "../support/chromium.js";
import { sampleSession } from "./export-sample.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "agenix-export-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The page without the inlined libraries (those are the libraries' bytes, not ours). */
const mainOf = (html: string) => html.slice(html.indexOf("<main>"), html.indexOf("</main>") + 7);

describe("export", () => {
  it("Markdown: headings per turn, fenced tool calls, outputs folded after 20 lines (golden file)", async () => {
    const md = await sessionToMarkdown(sampleSession());
    await expect(md).toMatchFileSnapshot("../fixtures/export/session.md");
    expect(md.match(/^## Turn \d+$/gm)).toEqual(["## Turn 1", "## Turn 2"]);
    expect(md).toContain("<details><summary>10 more lines</summary>");
    // A fence longer than the backticks inside the content keeps it one block.
    expect(md).toContain("````text\nError: ```no such file```\n````");
  });

  it("HTML: rendered Markdown, highlighted code, collapsible tool calls, escaped raw HTML (golden file)", async () => {
    const html = await sessionToHtml(sampleSession());
    await expect(mainOf(html)).toMatchFileSnapshot("../fixtures/export/session.main.html");
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/\b(src|href)="https?:/);
    expect(mainOf(html)).toContain('<span class="hljs-built_in">print</span>');
  });

  it("--redact applies to Markdown and HTML", async () => {
    const { session } = redactSession(sampleSession(), { home: "/home/user" });
    for (const text of [await sessionToMarkdown(session), await sessionToHtml(session)]) {
      expect(text).not.toContain("sk-proj-abcdefghijklmnop");
      expect(text).toContain("[REDACTED]");
      expect(text).not.toContain("/home/user/project");
    }
  });

  it("the HTML page renders in Chromium, light and dark, with no console errors and no network requests", async () => {
    const file = path.join(dir, "session.html");
    writeFileSync(file, await sessionToHtml(sampleSession()));
    for (const dark of [false, true]) {
      const shot = path.join(dir, `session-${dark ? "dark" : "light"}.png`);
      const result = await checkPage(file, {
        screenshot: shot,
        dark,
        evaluate: [
          "document.querySelectorAll('details.tool').length",
          "getComputedStyle(document.body).backgroundColor",
          "document.querySelector('h1').textContent",
          "(() => { document.querySelector('button.theme').click(); return getComputedStyle(document.body).backgroundColor })()",
        ],
      });
      expect(result.consoleErrors).toEqual([]);
      expect(result.requests).toEqual([]);
      const [tools, background, title, toggled] = result.values;
      expect(tools).toBe(2);
      expect(title).toBe("Refactoring auth");
      expect(background).toBe(dark ? "rgb(13, 17, 23)" : "rgb(255, 255, 255)");
      expect(toggled).toBe(dark ? "rgb(255, 255, 255)" : "rgb(13, 17, 23)");
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    }
  }, 60_000);
});
