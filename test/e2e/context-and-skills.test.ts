// Context files, skills and custom commands through the real binary: what reaches the model.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

function put(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
// biome-ignore lint/suspicious/noExplicitAny: wire JSON
const systemOf = (body: any): string => body.messages[0].content;
// biome-ignore lint/suspicious/noExplicitAny: wire JSON
const lastUser = (body: any): string =>
  body.messages.filter((m: { role: string }) => m.role === "user").at(-1).content;

describe("context files and skills in the system prompt", () => {
  it("adds AGENTS.md files root-to-leaf and the skills listing (not the skill bodies); --no-context-files leaves the files out", async () => {
    const user = put(path.join(home.home, ".agenix", "AGENTS.md"), "USER-RULE: answer in English.");
    mkdirSync(path.join(home.workDir, ".git")); // the project root is the git root
    const sub = path.join(home.workDir, "pkg");
    const proj = put(path.join(home.workDir, "AGENTS.md"), "PROJECT-RULE: run npm test.");
    const leaf = put(path.join(sub, "CLAUDE.md"), "LEAF-RULE: this package is special.");
    const skill = put(
      path.join(home.workDir, ".agenix", "skills", "release", "SKILL.md"),
      "---\nname: release\ndescription: Cut a release of this package\n---\nSECRET-BODY: bump the version, tag, push.\n",
    );
    server.push({ text: "ok" }, { text: "ok" });
    const run = await runAgenix(["hi"], { cwd: sub, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    const system = systemOf(server.requests[0]!.body);
    const order = [`## ${user}`, "USER-RULE", `## ${proj}`, "PROJECT-RULE", `## ${leaf}`, "LEAF-RULE"].map(
      (s) => system.indexOf(s),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(system).toContain(`- release: Cut a release of this package (${skill})`);
    expect(system).not.toContain("SECRET-BODY");
    // The session keeps no copy of the context (it is read afresh each run).
    expect(readSession(sessionFiles(home)[0]!).system_prompt).toBeUndefined();

    const off = await runAgenix(["--no-context-files", "hi"], { cwd: sub, env: openaiEnv(home, server) });
    expect(off.code, off.stderr).toBe(0);
    expect(systemOf(server.requests[1]!.body)).not.toContain("RULE");
    expect(systemOf(server.requests[1]!.body)).toContain("- release:");
  });
});

describe("slash commands in print mode", () => {
  it("a custom command with arguments becomes the user message, with its frontmatter model for that run", async () => {
    put(
      path.join(home.workDir, ".agenix", "commands", "fix.md"),
      "---\ndescription: Fix an issue\nmodel: gpt-4o-mini\n---\nFix issue #$1 with priority $2.\nContext: $ARGUMENTS\n",
    );
    server.push({ text: "fixed" });
    const run = await runAgenix(["/fix", "123", "high"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("fixed\n");
    const body = server.requests[0]!.body;
    expect(lastUser(body)).toBe("Fix issue #123 with priority high.\nContext: 123 high");
    expect(body.model).toBe("gpt-4o-mini");
  });

  it("/<skill-name> args sends the skill's body plus the arguments", async () => {
    const skill = put(
      path.join(home.home, ".agents", "skills", "changelog", "SKILL.md"),
      "---\nname: changelog\ndescription: Write a changelog entry\n---\nRead git log and write CHANGELOG.md.\n",
    );
    server.push({ text: "written" });
    const run = await runAgenix(["/changelog for v2.0"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(lastUser(server.requests[0]!.body)).toBe(
      `Read git log and write CHANGELOG.md.\n\n(Skill "changelog" from ${skill}.)\n\nfor v2.0`,
    );
  });

  it("an unknown /word and a path are sent as they are", async () => {
    server.push({ text: "a" });
    const run = await runAgenix(["/usr/bin/env is missing"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(lastUser(server.requests[0]!.body)).toBe("/usr/bin/env is missing");
  });
});
