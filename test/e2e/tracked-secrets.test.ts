// Through the binary: a repository that once committed a secret file. `git log -p`, `git show` and
// `git grep` print it from history as surely as `cat .env` would, so they ask (print mode: refused)
// while the repository tracks one; `git log --oneline` still runs, and in a clean repository
// `git log -p` runs without asking.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trackedSecretFiles } from "../../src/permissions/tracked-secrets.js";
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

const SECRET = "sk_live_tracked_secret_42";

function git(...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
    cwd: home.workDir,
    stdio: "ignore",
  });
}

function repo(withSecret: boolean): void {
  git("init", "-q");
  writeFileSync(path.join(home.workDir, "app.ts"), "export const x = 1;\n");
  if (withSecret) writeFileSync(path.join(home.workDir, ".env.production"), `STRIPE=${SECRET}\n`);
  git("add", "-A");
  git("commit", "-qm", "first");
}

async function runCommands(commands: string[]) {
  server.push(
    {
      text: "",
      toolCalls: commands.map((command, i) => ({ id: `call_${i}`, name: "bash", arguments: { command } })),
    },
    { text: "looked" },
  );
  const result = await runAgenix(["look at the history"], {
    cwd: home.workDir,
    env: openaiEnv(home, server),
  });
  expect(result.code, result.stderr).toBe(0);
  const tools = readSession(sessionFiles(home)[0]!).messages.filter(
    (m: { role: string }) => m.role === "tool",
  );
  return { result, tools: tools as { content: string; is_error?: boolean }[] };
}

describe("git commands that print tracked secret files", () => {
  it("ask while the repository tracks one: print mode refuses them and the secret never reaches a request", async () => {
    repo(true);
    expect(trackedSecretFiles(home.workDir)).toEqual([".env.production"]);
    const printing = ["git log -p", "git show HEAD", "git grep STRIPE", "git log --patch -1"];
    const { tools } = await runCommands([...printing, "git log --oneline"]);
    for (const [i, command] of printing.entries()) {
      expect(tools[i]!.is_error, command).toBe(true);
      expect(tools[i]!.content, command).toContain("secret files the repository tracks (.env.production)");
    }
    expect(tools[4]!.is_error).toBe(false);
    expect(tools[4]!.content).toContain("first");
    expect(JSON.stringify(server.requests.map((r) => r.body))).not.toContain(SECRET);
  });

  it("run without asking in a repository that tracks no secret file", async () => {
    repo(false);
    expect(trackedSecretFiles(home.workDir)).toEqual([]);
    const { tools } = await runCommands(["git log -p"]);
    expect(tools[0]!.is_error).toBe(false);
    expect(tools[0]!.content).toContain("export const x = 1;");
  });
});
