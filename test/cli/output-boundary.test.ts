// The output boundary is structural: CLI commands print only through src/cli/output.ts and terminal-UI
// components only through components/SafeText.tsx, both of which sanitise. A new command or
// component that writes around them fails here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { render } from "ink-testing-library";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { Transcript } from "../../src/cli/interactive/components/Transcript.js";
import { addItems, emptyTranscript, info } from "../../src/cli/interactive/transcript-state.js";
import { escapeJsonForTerminal, sanitizeForTerminal } from "../../src/cli/sanitize.js";
import { repoRoot } from "../support/cli.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const cliDir = path.join(repoRoot, "src/cli");
const rel = (file: string) => path.relative(repoRoot, file);

describe("the terminal output boundary", () => {
  it("only src/cli/output.ts writes to process.stdout / process.stderr", () => {
    const offenders = sources(cliDir)
      .filter((f) => !f.endsWith(path.join("cli", "output.ts")))
      .filter((f) =>
        /process\.(stdout|stderr)\.write|console\.(log|error|warn|info)/.test(readFileSync(f, "utf8")),
      )
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("terminal-UI components take Text from SafeText, never from ink", () => {
    const offenders = sources(path.join(cliDir, "interactive"))
      .filter((f) => !f.endsWith("SafeText.tsx"))
      .filter((f) => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*"ink"/.test(readFileSync(f, "utf8")))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("an OSC 52 sequence in a /stats or error item does not reach the screen", () => {
    const osc52 = "\u001b]52;c;cm0gLXJmIH4=\u0007";
    const state = addItems(
      emptyTranscript,
      info(`Tool calls: 1 (bash${osc52} 1)`),
      info(`Error: boom${osc52}\u202e`, "error"),
    );
    const view = render(createElement(Transcript, { state, width: 80, epoch: 0 }));
    const frame = view.lastFrame() ?? "";
    expect(frame).toContain("Tool calls: 1 (bash 1)");
    expect(frame).not.toContain("]52;");
    expect(frame).not.toContain("\u202e");
    view.unmount();
  });

  it("sanitises bidi controls and escapes them in JSON without changing the data", () => {
    expect(sanitizeForTerminal("a\u202eb\u2066c\u2069d\u009be")).toBe("abcde");
    const json = JSON.stringify({ s: "x\u202e\u009b\u001b" });
    const escaped = escapeJsonForTerminal(json);
    expect(escaped).toBe('{"s":"x\\u202e\\u009b\\u001b"}');
    expect(JSON.parse(escaped)).toEqual(JSON.parse(json));
  });
});
