// `agenix hooks import --from claude-code` with settings files in Claude Code's real format, and
// `agenix hooks list` naming each hook's source and why one does not run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

const run = (args: string[]) => runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });

describe("agenix hooks list / import --from claude-code", () => {
  const claudeUser = {
    permissions: { allow: ["Bash(npm test)"] },
    hooks: {
      PreToolUse: [
        {
          matcher: "Bash",
          hooks: [{ type: "command", command: "python3 $HOME/.claude/hooks/bash_validator.py" }],
        },
      ],
      Notification: [{ hooks: [{ type: "command", command: "notify-send 'Claude Code' 'Awaiting input'" }] }],
    },
  };
  const claudeProject = {
    hooks: {
      PostToolUse: [
        {
          matcher: "Edit|MultiEdit|Write",
          hooks: [{ type: "command", command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/format.sh', timeout: 30 }],
        },
      ],
    },
  };
  const claudeLocal = {
    hooks: { Stop: [{ matcher: "", hooks: [{ type: "command", command: "echo done >> /tmp/stops" }] }] },
  };

  it("copies the hooks blocks into user, project and local settings, says what it copied, and never twice", async () => {
    writeFileSync(path.join(home.workDir, ".git"), "gitdir: elsewhere\n"); // the project root
    mkdirSync(path.join(home.home, ".claude"), { recursive: true });
    writeFileSync(path.join(home.home, ".claude", "settings.json"), JSON.stringify(claudeUser));
    mkdirSync(path.join(home.workDir, ".claude"), { recursive: true });
    writeFileSync(path.join(home.workDir, ".claude", "settings.json"), JSON.stringify(claudeProject));
    writeFileSync(path.join(home.workDir, ".claude", "settings.local.json"), JSON.stringify(claudeLocal));
    // An existing user setting stays.
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(path.join(home.home, ".agenix", "settings.json"), JSON.stringify({ model: "gpt-4o" }));

    const first = await run(["hooks", "import", "--from", "claude-code"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Copied 2 hooks (PreToolUse 1, Notification 1)");
    expect(first.stdout).toContain("Copied 1 hook (PostToolUse 1)");
    expect(first.stdout).toContain("Copied 1 hook (Stop 1)");
    expect(first.stdout).toContain("--trust");

    const user = JSON.parse(readFileSync(path.join(home.home, ".agenix", "settings.json"), "utf8"));
    expect(user).toEqual({ model: "gpt-4o", hooks: claudeUser.hooks });
    const project = JSON.parse(readFileSync(path.join(home.workDir, ".agenix", "settings.json"), "utf8"));
    expect(project).toEqual({ hooks: claudeProject.hooks });
    const local = JSON.parse(readFileSync(path.join(home.workDir, ".agenix", "settings.local.json"), "utf8"));
    expect(local).toEqual({ hooks: claudeLocal.hooks });

    const again = await run(["hooks", "import", "--from", "claude-code"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("Copied");
    expect(JSON.parse(readFileSync(path.join(home.home, ".agenix", "settings.json"), "utf8"))).toEqual(user);

    const list = await run(["hooks", "list", "--json"]);
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout);
    expect(listed.hooks.map((h: { event: string }) => h.event)).toEqual(["PreToolUse", "Notification"]);
    expect(listed.ignored).toMatchObject([
      { event: "PostToolUse", matcher: "Edit|MultiEdit|Write", timeout: 30, scope: "project" },
      { event: "Stop", scope: "local", reason: expect.stringContaining("not trusted") },
    ]);
    const trusted = await run(["hooks", "list", "--trust"]);
    expect(trusted.stdout).toContain("PostToolUse  [Edit|MultiEdit|Write]");
    expect(trusted.stdout).not.toContain("ignored");
  });

  it("refuses an unknown source and a broken Claude Code file, changing nothing", async () => {
    const unknown = await run(["hooks", "import", "--from", "cursor"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--from claude-code");
    mkdirSync(path.join(home.home, ".claude"), { recursive: true });
    writeFileSync(path.join(home.home, ".claude", "settings.json"), "{ not json");
    const broken = await run(["hooks", "import", "--from", "claude-code"]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain(path.join(home.home, ".claude", "settings.json"));
    expect(existsSync(path.join(home.home, ".agenix", "settings.json"))).toBe(false);

    // A valid user file and a project file holding a token: refused before either is written.
    writeFileSync(path.join(home.home, ".claude", "settings.json"), JSON.stringify(claudeUser));
    mkdirSync(path.join(home.workDir, ".claude"), { recursive: true });
    const token = {
      hooks: { Stop: [{ hooks: [{ type: "command", command: "ghp_abcdefghijklmnopqrstuvwxyz0123" }] }] },
    };
    writeFileSync(path.join(home.workDir, ".claude", "settings.json"), JSON.stringify(token));
    const secret = await run(["hooks", "import", "--from", "claude-code"]);
    expect(secret.code).not.toBe(0);
    expect(secret.stderr).toContain("looks like an API key or token");
    expect(existsSync(path.join(home.home, ".agenix", "settings.json"))).toBe(false);
  });
});
