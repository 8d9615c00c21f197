import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONTEXT_CAP_BYTES, loadContextFiles } from "../../src/settings/context-files.js";

let root: string;
let home: string;
let project: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-ctx-")));
  home = path.join(root, "home");
  project = path.join(root, "repo");
  mkdirSync(path.join(home, ".agenix"), { recursive: true });
  mkdirSync(path.join(project, "packages", "app", "src"), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const put = (file: string, text: string) => writeFileSync(file, text);

describe("context files", () => {
  it("reads ~/.agenix, then the project root down to the working directory, root to leaf, each under a heading naming its path", async () => {
    put(path.join(home, ".agenix", "AGENTS.md"), "user rules");
    put(path.join(project, "AGENTS.md"), "root rules");
    put(path.join(project, "CLAUDE.md"), "ignored: the folder has an AGENTS.md");
    put(path.join(project, "packages", "CLAUDE.md"), "packages rules (CLAUDE.md, no AGENTS.md here)");
    put(path.join(project, "packages", "app", "src", "AGENTS.md"), "leaf rules");
    put(path.join(root, "AGENTS.md"), "above the project root: never read");
    const cwd = path.join(project, "packages", "app", "src");
    const result = await loadContextFiles({ home, projectRoot: project, cwd });
    expect(result.files.map((f) => f.path)).toEqual([
      path.join(home, ".agenix", "AGENTS.md"),
      path.join(project, "AGENTS.md"),
      path.join(project, "packages", "CLAUDE.md"),
      path.join(cwd, "AGENTS.md"),
    ]);
    expect(result.text).toBe(
      [
        `## ${path.join(home, ".agenix", "AGENTS.md")}\n\nuser rules`,
        `## ${path.join(project, "AGENTS.md")}\n\nroot rules`,
        `## ${path.join(project, "packages", "CLAUDE.md")}\n\npackages rules (CLAUDE.md, no AGENTS.md here)`,
        `## ${path.join(cwd, "AGENTS.md")}\n\nleaf rules`,
      ].join("\n\n"),
    );
    expect(result.notice).toBeUndefined();
  });

  it("over the 32 KiB cap, cuts the least specific files first and names them", async () => {
    const big = (c: string, kib: number) => c.repeat(kib * 1024);
    put(path.join(home, ".agenix", "AGENTS.md"), big("u", 12));
    put(path.join(project, "AGENTS.md"), big("r", 12));
    put(path.join(project, "packages", "AGENTS.md"), big("p", 12));
    put(path.join(project, "packages", "app", "AGENTS.md"), big("a", 12));
    const result = await loadContextFiles({
      home,
      projectRoot: project,
      cwd: path.join(project, "packages", "app"),
    });
    expect(result.cut.map((f) => f.path)).toEqual([
      path.join(home, ".agenix", "AGENTS.md"),
      path.join(project, "AGENTS.md"),
    ]);
    expect(result.files.map((f) => f.content[0])).toEqual(["p", "a"]);
    expect(result.files.reduce((n, f) => n + f.bytes, 0)).toBeLessThanOrEqual(CONTEXT_CAP_BYTES);
    expect(result.notice).toBe(
      `Context files are over the 32 KiB cap; cut (least specific first): ${path.join(home, ".agenix", "AGENTS.md")} (12 KiB, left out); ${path.join(project, "AGENTS.md")} (12 KiB, left out).`,
    );
  });

  it("keeps the head of a single file that alone is over the cap, and says so", async () => {
    put(path.join(project, "AGENTS.md"), `${"x".repeat(40 * 1024)}TAIL`);
    const result = await loadContextFiles({ home, projectRoot: project, cwd: project, capBytes: 1024 });
    expect(result.files[0]!.content).toHaveLength(1024);
    expect(result.text).not.toContain("TAIL");
    expect(result.text).toContain("[... cut: over the context-file cap]");
    expect(result.notice).toContain("only the first 1 KiB kept");
  });

  it("looks for the names settings give, in their order", async () => {
    put(path.join(project, "AGENTS.md"), "agents");
    put(path.join(project, "GEMINI.md"), "gemini");
    const result = await loadContextFiles({ home, projectRoot: project, cwd: project, names: ["GEMINI.md"] });
    expect(result.files.map((f) => f.content)).toEqual(["gemini"]);
  });
});
