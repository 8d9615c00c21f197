// Remembered approvals through the binary in print mode: the user's own ~/.agenix/approvals.json
// applies to its project without a trust question; another project's approvals and a committed
// .agenix/settings.local.json in an untrusted project do not; `config set` keeps ~/.agenix private.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

function scriptTouch(file: string): void {
  server.push(
    { text: "", toolCalls: [{ id: "call_1", name: "bash", arguments: { command: `touch ${file}` } }] },
    { text: "done" },
  );
}

function writeApprovals(projects: Record<string, { allow: string[] }>): void {
  mkdirSync(path.join(home.home, ".agenix"), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home.home, ".agenix", "approvals.json"), JSON.stringify({ version: 1, projects }), {
    mode: 0o600,
  });
}

const run = (args: string[]) => runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });

describe("remembered approvals in print mode", () => {
  it("the user's approval for this project applies: no trust question, no notice, the command runs", async () => {
    execFileSync("git", ["init", "-q", home.workDir]);
    writeApprovals({ [home.workDir]: { allow: ["bash(touch *)"] } });
    scriptTouch("approved.txt");
    const result = await run(["make it"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Untrusted project|Denied/);
    expect(existsSync(path.join(home.workDir, "approved.txt"))).toBe(true);
  });

  it("an approval for another project does not apply here", async () => {
    writeApprovals({ [path.join(home.home, "other")]: { allow: ["bash(touch *)"] } });
    scriptTouch("elsewhere.txt");
    const result = await run(["make it"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Denied: bash(touch elsewhere.txt)");
    expect(existsSync(path.join(home.workDir, "elsewhere.txt"))).toBe(false);
  });

  it("a committed settings.local.json in an untrusted project still does not apply", async () => {
    execFileSync("git", ["init", "-q", home.workDir]);
    mkdirSync(path.join(home.workDir, ".agenix"));
    writeFileSync(
      path.join(home.workDir, ".agenix", "settings.local.json"),
      JSON.stringify({ permissions: { allow: ["bash(touch *)"] } }),
    );
    scriptTouch("forged.txt");
    const result = await run(["make it"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `Untrusted project ${home.workDir}: ignoring its settings permissions.allow`,
    );
    expect(result.stderr).toContain("Denied: bash(touch forged.txt)");
    expect(existsSync(path.join(home.workDir, "forged.txt"))).toBe(false);
  });

  it("a broken approvals file is named in a warning and grants nothing", async () => {
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(path.join(home.home, ".agenix", "approvals.json"), "{ not json");
    scriptTouch("broken.txt");
    const result = await run(["make it"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${path.join(home.home, ".agenix", "approvals.json")}: invalid JSON`);
    expect(result.stderr).toContain("Denied: bash(touch broken.txt)");
  });

  it("`config set` creates ~/.agenix 0700 and the user settings 0600", async () => {
    const env = { ...home.env, AGENIX_SESSION_DIR: path.join(home.home, "sessions-elsewhere") };
    const result = await runAgenix(["config", "set", "maxTurns", "5"], { cwd: home.workDir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(path.join(home.home, ".agenix")).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(home.home, ".agenix", "settings.json")).mode & 0o777).toBe(0o600);
  });
});
