import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findMentions, findPastedImagePaths } from "../../src/cli/attach/mentions.js";
import { prepareUserInput } from "../../src/cli/attach/prepare-input.js";
import {
  fuzzyMatch,
  listProjectFiles,
  mentionAtCursor,
  mentionText,
} from "../../src/cli/interactive/file-mentions.js";
import { isKeyBurst, splitBurst } from "../../src/cli/interactive/key-burst.js";
import type { DecideCall } from "../../src/cli/interactive/user-command.js";
import { withCommandOutput } from "../../src/cli/interactive/user-command.js";
import { typedText } from "../../src/messages/types.js";
import { modelAcceptsImages } from "../../src/providers/vision.js";

describe("key bursts", () => {
  it("splits control keys out of a burst and keeps text runs together", () => {
    expect(isKeyBurst("/lo\t")).toBe(true);
    expect(isKeyBurst("hello")).toBe(false);
    expect(isKeyBurst("\t")).toBe(false); // a lone key is Ink's own
    const parts = splitBurst("abc\u0015xy\t");
    expect(parts.map((p) => [p.input, p.key.ctrl, p.key.tab])).toEqual([
      ["abc", false, false],
      ["u", true, false],
      ["xy", false, false],
      ["", false, true],
    ]);
  });
});

describe("@ mentions", () => {
  it("finds @paths (quoted or not) but not e-mail addresses", () => {
    expect(findMentions('see @src/a.ts and @"my notes.md", mail me@x.org').map((m) => m.path)).toEqual([
      "src/a.ts",
      "my notes.md",
    ]);
    expect(findPastedImagePaths("look /tmp/shot\\ 1.png and '/x/y.jpg' plain.png")).toEqual([
      "/tmp/shot 1.png",
      "/x/y.jpg",
    ]);
    expect(mentionAtCursor("explain @src/co", 15)).toEqual({ start: 8, partial: "src/co" });
    expect(mentionAtCursor("a@b", 3)).toBeUndefined();
    expect(mentionText("a b.md")).toBe('@"a b.md"');
  });

  it("ranks prefix, then base name, then substring, then fuzzy matches", () => {
    const files = ["docs/cli.md", "src/cli/main.ts", "src/config.ts", "cli.js", "test/c/l/i.ts"];
    expect(fuzzyMatch(files, "cli")).toEqual(["cli.js", "docs/cli.md", "src/cli/main.ts", "test/c/l/i.ts"]);
    expect(fuzzyMatch(files, "scfg")).toEqual(["src/config.ts"]);
    expect(fuzzyMatch(files, "zzz")).toEqual([]);
  });

  it("lists project files without git-ignored ones", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-files-"));
    mkdirSync(path.join(dir, "build"));
    writeFileSync(path.join(dir, "build", "out.js"), "");
    writeFileSync(path.join(dir, "keep.ts"), "");
    writeFileSync(path.join(dir, ".gitignore"), "build/\n");
    const files = await listProjectFiles(dir);
    expect(files).toContain("keep.ts");
    expect(files.some((f) => f.startsWith("build"))).toBe(false);
  });

  it("attaches files as the read tool shows them and directories as listings; unknown @words stay text", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-attach-"));
    writeFileSync(path.join(dir, "a.ts"), "let a = 1;\n");
    mkdirSync(path.join(dir, "lib"));
    writeFileSync(path.join(dir, "lib", "x.ts"), "");
    expect(await prepareUserInput("ping @nobody", dir, "gpt-4o")).toBe("ping @nobody");
    const input = await prepareUserInput("read @a.ts, and @lib", dir, "gpt-4o");
    expect(typeof input).toBe("object");
    const { content, attachments } = input as { content: string; attachments: unknown };
    expect(attachments).toEqual([
      { type: "file", path: "a.ts" },
      { type: "directory", path: "lib" },
    ]);
    expect(content).toContain(
      '<attached-file path="a.ts" type="file">\n     1\tlet a = 1;\n</attached-file>',
    );
    expect(content).toContain('<attached-file path="lib" type="directory">\nx.ts\n</attached-file>');
    expect(typedText({ content })).toBe("read @a.ts, and @lib");
  });

  it("refuses an image for a text-only model; !command output is attached to the next message", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-attach-"));
    writeFileSync(path.join(dir, "x.png"), "not really a png");
    await expect(prepareUserInput("see @x.png", dir, "gpt-3.5-turbo")).rejects.toThrow(
      /does not accept images/,
    );
    expect(modelAcceptsImages("claude-sonnet-4-5")).toBe(true);
    expect(modelAcceptsImages("gpt-4")).toBe(false);
    const out = withCommandOutput("what now?", [
      { command: "ls", output: "a\n", isError: false, summary: "" },
    ]);
    expect(out).toEqual({
      content:
        'what now?\n\n<attached-command command="ls">\nThe user ran this command themselves; its output:\na\n\n</attached-command>',
      attachments: [{ type: "command", command: "ls" }],
    });
  });
});

describe("!command and the permission rules", () => {
  it("a deny rule denies the command; an ask, or a mode's refusal, is the user's own yes", async () => {
    const { runUserCommand } = await import("../../src/cli/interactive/user-command.js");
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-cmd-"));
    const signal = new AbortController().signal;
    try {
      const decide: DecideCall = async (_tool, input) =>
        String(input.command).startsWith("rm ")
          ? {
              behavior: "deny",
              reason: "bash(rm *) is denied by a rule",
              rule: { kind: "deny", text: "bash(rm *)" },
            }
          : String(input.command).startsWith("touch ")
            ? { behavior: "deny", reason: "plan mode runs only read-only commands" }
            : { behavior: "ask", reason: "not allowed by a rule" };
      writeFileSync(path.join(dir, "keep.txt"), "x");
      const denied = await runUserCommand("rm keep.txt", dir, signal, decide);
      expect(denied).toMatchObject({ isError: true, summary: "denied" });
      expect(denied.output).toBe("Not run: bash(rm *) is denied by a rule");
      const asked = await runUserCommand("ls", dir, signal, decide);
      expect(asked).toMatchObject({ isError: false, output: "keep.txt\n" });
      const planMode = await runUserCommand("touch made.txt", dir, signal, decide);
      expect(planMode).toMatchObject({ isError: false });
      expect(existsSync(path.join(dir, "made.txt"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("pasted image paths", () => {
  it("attach in interactive mode for a vision model; stay text otherwise", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-paste-"));
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    const file = path.join(dir, "shot 1.png");
    writeFileSync(file, png);
    const pastedText = `what is this ${file.replace(/ /g, "\\ ")}`;
    const input = await prepareUserInput(pastedText, dir, "gpt-4o", { pastedImages: true });
    expect(input).toMatchObject({
      content: [
        { type: "text", text: pastedText },
        { type: "image", path: file, media_type: "image/png" },
      ],
    });
    expect(await prepareUserInput(pastedText, dir, "gpt-4o")).toBe(pastedText); // print mode: only @
    expect(await prepareUserInput(pastedText, dir, "gpt-3.5-turbo", { pastedImages: true })).toBe(pastedText);
  });
});
