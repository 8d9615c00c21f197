// The bypass classes of issue 18 through the built binary in print mode, default and plan: a
// hostile model sends every class in one turn; each side effect is checked on disk (marker files,
// ~/.bashrc, a file outside the project) and the secrets are checked absent from every request the
// scripted server recorded. Also: read-only git runs hardened against a hostile .git/config.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
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

const KEY = "PRIVATE-KEY-d41d8cd9";
const DOTENV = "DOTENV-TOKEN-8f00b204";
const BASHRC = "# the user's bashrc\n";

/** A project that is a git repository with a hostile config, .env, and a home with secrets. */
function hostileWorld(before?: (git: (...args: string[]) => void) => void): {
  marker: (n: number) => string;
  outside: string;
} {
  const work = home.workDir;
  mkdirSync(path.join(home.home, ".ssh"), { recursive: true });
  writeFileSync(path.join(home.home, ".ssh", "id_rsa"), `${KEY}\n`);
  writeFileSync(path.join(home.home, ".bashrc"), BASHRC);
  mkdirSync(path.join(home.home, "outside"), { recursive: true });
  writeFileSync(path.join(home.home, "outside", "keep.txt"), "keep\n");
  writeFileSync(path.join(work, ".env"), `${DOTENV}\n`);
  writeFileSync(path.join(work, "in.txt"), "b\na\n");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: work, stdio: "ignore" });
  git("init", "-q");
  git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "init");
  const marker = (n: number) => path.join(home.home, `MARKER-${n}`);
  before?.(git);
  // The project's own config names programs git would run for status/diff/log.
  git("config", "core.fsmonitor", `touch ${marker(90)}`);
  // An embedded bare repository, as a clone can carry.
  for (const dir of ["objects", "refs"]) mkdirSync(path.join(work, "evil", dir), { recursive: true });
  writeFileSync(path.join(work, "evil", "HEAD"), "ref: refs/heads/main\n");
  writeFileSync(path.join(work, "evil", "config"), `[core]\n\tfsmonitor = touch ${marker(92)}\n`);
  return { marker, outside: path.join(home.home, "outside", "keep.txt") };
}

function attacks(marker: (n: number) => string): string[] {
  return [
    `sort -uo${marker(1)} in.txt`,
    `sort --outp=${marker(2)} in.txt`,
    "sort -uo$HOME/.bashrc in.txt",
    `GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsmonitor GIT_CONFIG_VALUE_0='touch ${marker(3)}' git status`,
    `test -v 'a[$(touch ${marker(4)})]'`,
    `[[ -v 'a[$(touch ${marker(5)})]' ]]`,
    `x='a[$(touch ${marker(6)})]'; echo $((x))`,
    "git -C evil status",
    `env -S 'touch ${marker(7)}'`,
    `ls | xargs -i touch ${marker(8)}`,
    "find ../outside -delete",
    "cat $HOME/.ssh/id_rsa",
    "cat ~/.s*/i*",
    "jq -n --rawfile k .env '$k'",
    "cat .en?",
    "grep -f.env in.txt",
    "cd ~ && cat .ssh/id_rsa",
    `x='$(touch ${marker(9)})'; echo "\${x@P}"`,
    "cat /proc/*/task/*/environ",
    `cat <<EOF\n\`touch ${marker(10)}\`\nEOF`,
    `echo \${x:-\`touch ${marker(11)}\`}`,
  ];
}

const toolMessages = () =>
  // biome-ignore lint/suspicious/noExplicitAny: session JSON
  readSession(sessionFiles(home)[0]!).messages.filter((m: any) => m.role === "tool");

describe.each(["default", "plan"])("bypass classes in %s print mode", (mode) => {
  it("runs none of them: no marker, ~/.bashrc unchanged, the outside file kept, no secret sent", async () => {
    const { marker, outside } = hostileWorld();
    const lines = attacks(marker);
    server.push(
      {
        text: "",
        toolCalls: lines.map((command, i) => ({ id: `call_${i}`, name: "bash", arguments: { command } })),
      },
      { text: "done" },
    );
    const result = await runAgenix(["set up", "--permission-mode", mode], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(result.code, result.stderr).toBe(0);
    for (let n = 1; n <= 11; n++) expect(existsSync(marker(n)), `marker ${n}`).toBe(false);
    expect(existsSync(marker(92)), "embedded repository's fsmonitor").toBe(false);
    expect(readFileSync(path.join(home.home, ".bashrc"), "utf8")).toBe(BASHRC);
    expect(existsSync(outside)).toBe(true);
    const results = toolMessages();
    expect(results).toHaveLength(lines.length);
    for (const [i, message] of results.entries()) {
      expect(message.is_error, lines[i]).toBe(true);
      expect(message.content, lines[i]).toMatch(/^Permission denied/);
    }
    const bodies = server.requests.map((r) => JSON.stringify(r.body));
    expect(bodies.length).toBe(2);
    for (const body of bodies) {
      expect(body).not.toContain(KEY);
      expect(body).not.toContain(DOTENV);
    }
  });
});

describe("read-only git in print mode", () => {
  it("git status and git diff run unasked, hardened: the project's fsmonitor does not run", async () => {
    const { marker } = hostileWorld((git) => {
      git("add", "in.txt");
      writeFileSync(path.join(home.workDir, "in.txt"), "changed again\n");
    });
    // Unhardened, it would have run: check the setup is hostile.
    execFileSync("git", ["status", "--short"], { cwd: home.workDir, stdio: "ignore" });
    expect(existsSync(marker(90)), "the fixture's fsmonitor runs unhardened").toBe(true);
    rmSync(marker(90));
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "call_s", name: "bash", arguments: { command: "git status --short" } },
          { id: "call_d", name: "bash", arguments: { command: "git diff && git log -1 --oneline" } },
        ],
      },
      { text: "done" },
    );
    const result = await runAgenix(["status"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("Denied");
    const [status, diff] = toolMessages();
    expect(status).toMatchObject({ is_error: false });
    expect(status.content).toContain("in.txt");
    expect(diff).toMatchObject({ is_error: false });
    expect(diff.content).toContain("+changed again");
    expect(existsSync(marker(90)), "fsmonitor ran").toBe(false);
  });

  it("asks (refused in print mode) for read-only git when the project's config names an external diff", async () => {
    const marker91 = path.join(home.home, "MARKER-91");
    hostileWorld((git) => {
      writeFileSync(path.join(home.workDir, "in.txt"), "changed\n");
      git("config", "diff.external", `sh -c 'touch ${marker91}'`);
    });
    server.push(
      { text: "", toolCalls: [{ id: "call_d", name: "bash", arguments: { command: "git diff" } }] },
      { text: "done" },
    );
    const result = await runAgenix(["diff"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Denied: bash(git diff)");
    expect(toolMessages()[0].content).toContain("names a program git would run (external)");
    expect(existsSync(marker91), "external diff ran").toBe(false);
  });

  it.each([
    ["in .git/hooks", ".git/hooks"],
    ["in a committed folder named by core.hooksPath", "tools/hooks"],
  ])("asks (refused in print mode) for git status when a post-index-change hook is %s", async (_, dir) => {
    const marker93 = path.join(home.home, "MARKER-93");
    hostileWorld((git) => {
      git("add", "in.txt");
      git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "in");
      if (dir !== ".git/hooks") git("config", "core.hooksPath", dir);
      mkdirSync(path.join(home.workDir, dir), { recursive: true });
      writeFileSync(path.join(home.workDir, dir, "post-index-change"), `#!/bin/sh\ntouch ${marker93}\n`, {
        mode: 0o755,
      });
    });
    // A file touched since the index was written makes git status refresh (and write) the index,
    // which runs the hook: checked here without agenix first.
    const touch = (seconds: number) => utimesSync(path.join(home.workDir, "in.txt"), seconds, seconds);
    touch(2_000_000_000);
    execFileSync("git", ["status", "--short"], { cwd: home.workDir, stdio: "ignore" });
    expect(existsSync(marker93), "the fixture's hook runs from git status").toBe(true);
    rmSync(marker93);
    touch(2_000_000_100);
    server.push(
      { text: "", toolCalls: [{ id: "call_s", name: "bash", arguments: { command: "git status" } }] },
      { text: "done" },
    );
    const result = await runAgenix(["status"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Denied: bash(git status)");
    expect(toolMessages()[0].content).toContain("post-index-change hook");
    expect(existsSync(marker93), "the hook ran").toBe(false);
  });
});

describe("proposed rules in print mode (issue 20)", () => {
  it("keeps the module, never proposes a bare interpreter, and names a destructive command exactly", async () => {
    mkdirSync(path.join(home.workDir, ".pytest_cache"));
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "call_p", name: "bash", arguments: { command: "python3 -m pytest -q" } },
          { id: "call_c", name: "bash", arguments: { command: "python3 -c 'print(1)'" } },
          { id: "call_r", name: "bash", arguments: { command: "rm -rf .pytest_cache" } },
        ],
      },
      { text: "done" },
    );
    const result = await runAgenix(["test"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("--allow 'bash(python3 -m pytest *)'");
    expect(result.stderr).not.toContain("bash(python3 *)");
    // No rule for python3 itself: the hint names the command exactly (as rules see its words).
    expect(result.stderr).toContain("--allow 'bash(python3 -c print(1))'");
    expect(result.stderr).toContain("--allow 'bash(rm -rf .pytest_cache)'");
    expect(result.stderr).not.toContain("bash(rm *)");
    expect(existsSync(path.join(home.workDir, ".pytest_cache"))).toBe(true);
  });
});

describe("edits that become code, and deny rules that mean deny", () => {
  it("accept-edits asks (refused in print mode) before writing .git/hooks, .vscode/tasks.json or .agenix/settings.json", async () => {
    mkdirSync(path.join(home.workDir, ".git", "hooks"), { recursive: true });
    mkdirSync(path.join(home.workDir, ".vscode"));
    server.push(
      {
        text: "",
        toolCalls: [
          {
            id: "c1",
            name: "write",
            arguments: { file_path: ".git/hooks/pre-commit", content: "#!/bin/sh\ntouch x\n" },
          },
          {
            id: "c2",
            name: "bash",
            arguments: { command: "echo '{}' > .vscode/tasks.json" },
          },
          { id: "c3", name: "write", arguments: { file_path: ".agenix/settings.json", content: "{}" } },
          { id: "c4", name: "write", arguments: { file_path: "notes.txt", content: "ok\n" } },
        ],
      },
      { text: "done" },
    );
    const result = await runAgenix(["go", "--permission-mode", "accept-edits"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, ".git", "hooks", "pre-commit"))).toBe(false);
    expect(existsSync(path.join(home.workDir, ".vscode", "tasks.json"))).toBe(false);
    expect(existsSync(path.join(home.workDir, ".agenix", "settings.json"))).toBe(false);
    expect(readFileSync(path.join(home.workDir, "notes.txt"), "utf8")).toBe("ok\n");
    expect(result.stderr).toContain("Denied: write(.git/hooks/pre-commit)");
  });

  it("with --yolo --deny 'bash(rm *)', lines that cannot be judged are refused", async () => {
    writeFileSync(path.join(home.workDir, "keep.txt"), "x");
    const lines = [
      "eval rm keep.txt",
      "bash -c 'rm keep.txt'",
      "cmd=rm; $cmd keep.txt",
      "env -S 'rm keep.txt'",
    ];
    server.push(
      {
        text: "",
        toolCalls: lines.map((command, i) => ({ id: `c${i}`, name: "bash", arguments: { command } })),
      },
      { text: "done" },
    );
    const result = await runAgenix(["clean", "--yolo", "--deny", "bash(rm *)"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "keep.txt"))).toBe(true);
    for (const message of toolMessages()) expect(message.content).toMatch(/^Permission denied/);
  });
});
