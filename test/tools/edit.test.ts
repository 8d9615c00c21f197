import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { editTool } from "../../src/tools/edit.js";
import { ctxFor, tempDir, writeFiles } from "./helpers.js";

const source = ["function greet(name) {", '  return "hello " + name;', "}", "", "greet('x');", ""].join("\n");

function setup(content = source) {
  const dir = tempDir();
  writeFiles(dir, { "src/app.js": content });
  return { dir, file: path.join(dir, "src/app.js") };
}

describe("edit", () => {
  it("replaces a unique match and shows a unified diff", async () => {
    const { dir, file } = setup();
    const out = await editTool.run(
      {
        file_path: "src/app.js",
        old_string: '  return "hello " + name;',
        new_string: '  return "hi " + name;\n  // done',
      },
      ctxFor(dir),
    );
    expect(out.isError).toBe(false);
    expect(out.summary).toBe("+2 -1");
    expect(out.content).toContain("Edited src/app.js (1 replacement)");
    expect(out.content).toContain("--- src/app.js\n+++ src/app.js\n@@ -1,5 +1,6 @@");
    expect(out.content).toContain('-  return "hello " + name;\n+  return "hi " + name;\n+  // done');
    expect(readFileSync(file, "utf8")).toContain('return "hi " + name;\n  // done\n}');
  });

  it("keeps $ patterns in new_string literal", async () => {
    const { dir, file } = setup();
    await editTool.run(
      { file_path: "src/app.js", old_string: "greet('x');", new_string: "greet('$&$1');" },
      ctxFor(dir),
    );
    expect(readFileSync(file, "utf8")).toContain("greet('$&$1');");
  });

  it("shows the closest lines with line numbers when old_string is not found", async () => {
    const { dir, file } = setup();
    const out = await editTool.run(
      {
        file_path: "src/app.js",
        old_string: 'function greet(name) {\n    return "hello " + name;',
        new_string: "x",
      },
      ctxFor(dir),
    );
    expect(out.isError).toBe(true);
    expect(out.content).toContain("old_string was not found in src/app.js. The closest lines (");
    expect(out.content).toContain('     1\tfunction greet(name) {\n     2\t  return "hello " + name;');
    expect(readFileSync(file, "utf8")).toBe(source);
  });

  it("says how many matches there are unless replace_all is set", async () => {
    const { dir, file } = setup("a = 1\nb = 2\na = 1\na = 1\n");
    const many = await editTool.run(
      { file_path: "src/app.js", old_string: "a = 1", new_string: "a = 9" },
      ctxFor(dir),
    );
    expect(many.isError).toBe(true);
    expect(many.content).toContain("old_string occurs 3 times in src/app.js (lines 1, 3, 4)");
    expect(many.content).toContain("replace_all");
    const all = await editTool.run(
      { file_path: "src/app.js", old_string: "a = 1", new_string: "a = 9", replace_all: true },
      ctxFor(dir),
    );
    expect(all).toMatchObject({ isError: false, summary: "+3 -3" });
    expect(all.content).toContain("(3 replacements)");
    expect(readFileSync(file, "utf8")).toBe("a = 9\nb = 2\na = 9\na = 9\n");
  });

  it("refuses identical strings, empty old_string, and missing files", async () => {
    const { dir } = setup();
    const same = await editTool.run(
      { file_path: "src/app.js", old_string: "}", new_string: "}" },
      ctxFor(dir),
    );
    expect(same).toMatchObject({ isError: true });
    expect(same.content).toContain("identical");
    const empty = await editTool.run(
      { file_path: "src/app.js", old_string: "", new_string: "x" },
      ctxFor(dir),
    );
    expect(empty.content).toContain("use write");
    const missing = await editTool.run(
      { file_path: "src/nope.js", old_string: "a", new_string: "b" },
      ctxFor(dir),
    );
    expect(missing.content).toBe("Error: File not found: src/nope.js");
  });

  it("matches LF old_string against a CRLF file and keeps CRLF endings", async () => {
    const { dir, file } = setup("one\r\ntwo\r\nthree\r\n");
    const out = await editTool.run(
      { file_path: "src/app.js", old_string: "one\ntwo", new_string: "uno\ndos" },
      ctxFor(dir),
    );
    expect(out.isError).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("uno\r\ndos\r\nthree\r\n");
  });

  it("finds an exact LF match in a file with mixed line endings and leaves the other lines alone", async () => {
    const { dir, file } = setup("alpha\r\nbeta\ngamma\ndelta\r\n");
    const out = await editTool.run(
      { file_path: "src/app.js", old_string: "beta\ngamma", new_string: "BETA\nGAMMA" },
      ctxFor(dir),
    );
    expect(out.isError).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("alpha\r\nBETA\nGAMMA\ndelta\r\n");
  });

  it("edits bytes: text that is not valid UTF-8 far from the edit is kept exactly", async () => {
    const dir = tempDir();
    const file = path.join(dir, "latin1.txt");
    // "café" in Latin-1 (0xE9), then an ASCII line the model edits.
    const before = Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from("\nvalue = 1\n")]);
    writeFileSync(file, before);
    const out = await editTool.run(
      { file_path: "latin1.txt", old_string: "value = 1", new_string: "value = 2" },
      ctxFor(dir),
    );
    expect(out.isError).toBe(false);
    expect(readFileSync(file)).toEqual(
      Buffer.concat([Buffer.from("caf"), Buffer.from([0xe9]), Buffer.from("\nvalue = 2\n")]),
    );
    // A model that copies the replacement character from read output is told why it cannot match.
    const miss = await editTool.run(
      { file_path: "latin1.txt", old_string: "caf\uFFFD", new_string: "cafe" },
      ctxFor(dir),
    );
    expect(miss.isError).toBe(true);
    expect(miss.content).toContain("not valid UTF-8");
  });

  it("replaces the file atomically: keeps its mode and leaves no temp file", async () => {
    const { dir, file } = setup();
    chmodSync(file, 0o751);
    const out = await editTool.run(
      { file_path: "src/app.js", old_string: "greet('x');", new_string: "greet('y');" },
      ctxFor(dir),
    );
    expect(out.isError).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o751);
    expect(readdirSync(path.join(dir, "src"))).toEqual(["app.js"]);
  });
});
