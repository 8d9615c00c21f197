import { homedir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath, resolvePath } from "../../src/tools/paths.js";
import { countLines, truncateOutput } from "../../src/tools/truncate.js";

describe("paths", () => {
  it("resolves relative paths against the working dir and expands ~", () => {
    expect(resolvePath("/w/project", "src/a.ts")).toBe("/w/project/src/a.ts");
    expect(resolvePath("/w/project", "/etc/hosts")).toBe("/etc/hosts");
    expect(resolvePath("/w/project", "~")).toBe(homedir());
    expect(resolvePath("/w/project", "~/notes.md")).toBe(path.join(homedir(), "notes.md"));
  });

  it("shows paths inside the working dir relative, others absolute", () => {
    expect(displayPath("/w/project", "/w/project/src/a.ts")).toBe("src/a.ts");
    expect(displayPath("/w/project", "/w/project")).toBe(".");
    expect(displayPath("/w/project", "/w/other/a.ts")).toBe("/w/other/a.ts");
    expect(displayPath("/w/project", "/w/project/..hidden")).toBe("..hidden");
  });
});

describe("truncateOutput", () => {
  it("leaves output within the limits alone and counts lines like a user", () => {
    expect(truncateOutput("a\nb\n")).toBe("a\nb\n");
    expect(countLines("")).toBe(0);
    expect(countLines("a")).toBe(1);
    expect(countLines("a\nb\n")).toBe(2);
  });

  it("says exactly how much of the middle it cut", () => {
    const text = Array.from({ length: 3000 }, (_, i) => `${i + 1}`).join("\n");
    const out = truncateOutput(text);
    const [, lines, chars] = out.match(/\.\.\. \[(\d+) lines \/ (\d+) chars truncated\] \.\.\./)!;
    const kept = out.split("\n").filter((l) => !l.startsWith("... ["));
    expect(kept.length + Number(lines)).toBe(3000);
    expect(kept.join("\n").length + Number(chars)).toBe(text.length);
  });
});
