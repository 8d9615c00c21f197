// A session file nested 100,000 deep (hand-made or from another tool) through the binary: show,
// export and fork name the file and fail cleanly (fork leaves no new session); search skips it and
// still finds the other sessions, with the docs' `--regex`-only form.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";

let home: TempHome;
withHomeAndServer((h) => {
  home = h;
});

function writeSession(folder: string, id: string, extra: string): string {
  const file = path.join(home.sessionDir, folder, `${id}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  const header = `{"id":"${id}","working_dir":${JSON.stringify(home.workDir)},"model":"gpt-4o","created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:01Z","metadata":{}`;
  writeFileSync(
    file,
    `${header},"messages":[{"role":"user","content":"flaky login test","timestamp":"2025-01-01T00:00:00Z"${extra}}]}`,
  );
  return file;
}

describe("a session file nested absurdly deep", () => {
  it("show, export and fork name it; search skips it and --regex alone works", async () => {
    const deepFile = writeSession(
      "p",
      "20250101_000000",
      `,"x":${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    );
    writeSession("p", "20250102_000000", "");
    const run = (args: string[]) => runAgenix(args, { cwd: home.workDir, env: home.env });
    for (const args of [
      ["sessions", "show", "20250101_000000"],
      ["sessions", "export", "20250101_000000", "--format", "markdown"],
      ["sessions", "fork", "20250101_000000"],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toBe(
        `Error: Failed to load session: ${deepFile}: it nests more than 512 levels deep (e.g. a tool call's arguments); agenix does not load it\n`,
      );
    }
    expect(
      readdirSync(path.join(home.sessionDir, "p"))
        .filter((n) => n.endsWith(".json"))
        .sort(),
    ).toEqual(["20250101_000000.json", "20250102_000000.json"]);
    const search = await run(["sessions", "search", "--regex", "fla+ky\\s+\\w+", "--json"]);
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).map((h: { id: string }) => h.id)).toEqual(["20250102_000000"]);
  });
});
