// The decision table, case by case: mode x rules x tool x input. Bash lines go through the real
// tree-sitter parser; paths through a real temp folder with symbolic links.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DecideContext, decide } from "../../src/permissions/decide.js";
import { realpathOfLongestPrefix } from "../../src/permissions/real-path.js";
import { parseRules } from "../../src/permissions/rules.js";
import { loadShellParser } from "../../src/permissions/shell-parse.js";
import type { Behavior, PermissionMode, PermissionRule } from "../../src/permissions/types.js";

let root: string;
let ctx: DecideContext;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-perm-")));
  const home = path.join(root, "home");
  const work = path.join(home, "project");
  mkdirSync(path.join(work, "src"), { recursive: true });
  mkdirSync(path.join(root, "outside"), { recursive: true });
  mkdirSync(path.join(home, ".ssh"), { recursive: true });
  writeFileSync(path.join(root, "outside", "target.txt"), "x");
  symlinkSync(path.join(root, "outside"), path.join(work, "link-out"));
  symlinkSync(path.join(root, "outside", "target.txt"), path.join(work, "file-link"));
  symlinkSync(path.join(work, "src"), path.join(work, "src-link"));
  ctx = {
    workingDir: work,
    home,
    sessionsDir: path.join(home, ".agenix", "sessions"),
    realpath: realpathOfLongestPrefix,
    parseShell: await loadShellParser(),
  };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const MODES: PermissionMode[] = ["default", "accept-edits", "plan", "yolo"];
const A = "allow";
const K = "ask";
const D = "deny";

function rules(spec: { allow?: string[]; deny?: string[]; ask?: string[] } = {}): PermissionRule[] {
  return [
    ...parseRules(spec.deny, "deny", "flag"),
    ...parseRules(spec.ask, "ask", "flag"),
    ...parseRules(spec.allow, "allow", "user"),
  ];
}

function run(mode: PermissionMode, tool: string, input: Record<string, unknown>, r: PermissionRule[] = []) {
  return decide({ tool, input }, { mode, rules: r }, ctx);
}

// [command, default, accept-edits, plan, yolo]
const BASH_BY_MODE: [string, Behavior, Behavior, Behavior, Behavior][] = [
  ["ls -la", A, A, A, A],
  ["cat README.md | wc -l", A, A, A, A],
  ["ls && pwd && echo done", A, A, A, A],
  ["git status", A, A, A, A],
  ["git diff HEAD~1 -- src", A, A, A, A],
  ["git log --oneline -5", A, A, A, A],
  ["git -C sub --no-pager show HEAD", K, K, D, A],
  ["git --no-pager show HEAD", A, A, A, A],
  ["git branch -a", A, A, A, A],
  ["git branch newname", K, K, D, A],
  ["git branch -D old", K, K, D, A],
  ["git diff --output=patch.txt", K, K, D, A],
  ["git -c core.pager=evil log", K, K, D, A],
  ["git commit -m x", K, K, D, A],
  ["git push", K, K, D, A],
  ["find . -name '*.ts'", A, A, A, A],
  ["find . -name '*.tmp' -delete", K, K, D, A],
  ["find . -type f -fprint out.txt", K, K, D, A],
  ["find . -exec cat {} \\;", K, K, D, A],
  ["find . -exec echo found \\;", A, A, A, A],
  ["find . -exec rm {} \\;", K, K, D, A],
  ["grep -rn TODO src", A, A, A, A],
  ["rg --pre ./x pattern", K, K, D, A],
  ["rg foo", A, A, A, A],
  ["which node && file x && stat x", A, A, A, A],
  ["head -5 a; tail -5 b", A, A, A, A],
  ["sort -o out.txt in.txt", K, K, D, A],
  ["sort in.txt | uniq -c", A, A, A, A],
  ["curl -s example.com", K, K, D, A],
  ["npm test", K, K, D, A],
  ["rm -rf build", K, K, D, A],
  ["ls; rm -rf build", K, K, D, A],
  ["ls || curl evil.example", K, K, D, A],
  ["(cd src && ls)", A, A, A, A],
  ["{ ls; pwd; }", A, A, A, A],
  ["! ls", A, A, A, A],
  ["echo hi > out.txt", K, A, D, A],
  ["echo hi >> src/log.txt", K, A, D, A],
  ["echo hi > /dev/null 2>&1", A, A, A, A],
  ["ls 2>&1 | head", A, A, A, A],
  ["echo hi | tee copy.txt", K, A, D, A],
  ["echo hi | tee -a src/copy.txt", K, A, D, A],
  ["echo x > ../outside.txt", K, K, D, A],
  ["echo x > /etc/passwd", K, K, D, A],
  ["echo x > link-out/new.txt", K, K, D, A],
  ["cd /tmp && echo x > file", K, K, D, A],
  ["echo x > $TARGET", K, K, D, A],
  ["cat < input.txt", A, A, A, A],
  ["cat < .env", K, K, K, A],
  ["echo $(curl evil.example)", K, K, D, A],
  ["echo `whoami`", K, K, D, A],
  ["diff <(ls a) <(ls b)", K, K, D, A],
  ["eval ls", K, K, D, A],
  ["bash -c 'ls'", K, K, D, A],
  ["sh -c ls", K, K, D, A],
  ["$CMD --version", K, K, D, A],
  ["f() { ls; }; f", K, K, D, A],
  ["echo 'unterminated", K, K, D, A],
  ["sudo ls", K, K, K, K],
  ["sudo -u root cat /etc/shadow", K, K, K, K],
  ["env FOO=1 ls", K, K, D, A],
  ["env LANG=C ls", A, A, A, A],
  ["env FOO=1 npm test", K, K, D, A],
  ["timeout 5 ls", A, A, A, A],
  ["timeout -s KILL 5 curl x", K, K, D, A],
  ["nice -n 10 cat x", A, A, A, A],
  ["nohup ls", A, A, A, A],
  ["ls | xargs cat", K, K, D, A],
  ["ls | xargs echo", A, A, A, A],
  ["ls | xargs -n 1 rm", K, K, D, A],
  ["ls | xargs", A, A, A, A],
  ["cat .env", K, K, K, A],
  ["cat config/.env.local", K, K, K, A],
  ["cat ~/.ssh/id_rsa", K, K, K, A],
  ["grep -r key ~/.aws", K, K, K, A],
  ["cat server.pem", K, K, K, A],
  ["for f in *.ts; do wc -l $f; done", K, K, D, A],
  ["for f in *.ts; do echo $f; done", A, A, A, A],
  ["if true; then ls; fi", A, A, A, A],
  ["while false; do rm x; done", K, K, D, A],
  ["FOO=bar ls", K, K, D, A],
  ["LC_ALL=C TZ=UTC ls", A, A, A, A],
  ["export FOO=1", K, K, D, A],
  ["/usr/bin/ls -l", A, A, A, A],
  ["./script.sh", K, K, D, A],
  ["python3 -c 'print(1)'", K, K, D, A],
  ["", A, A, A, A],
  ["# just a comment", A, A, A, A],
];

describe("bash lines by mode (no rules)", () => {
  for (const [command, ...expected] of BASH_BY_MODE) {
    MODES.forEach((mode, i) => {
      it(`${mode}: ${JSON.stringify(command)} -> ${expected[i]}`, () => {
        expect(run(mode, "bash", { command }).behavior).toBe(expected[i]);
      });
    });
  }
});

// [mode, rules, command, expected]
const BASH_RULES: [PermissionMode, Parameters<typeof rules>[0], string, Behavior][] = [
  ["default", { allow: ["bash(curl *)"] }, "curl -s example.com", A],
  ["default", { allow: ["bash(curl *)"] }, "curl", A],
  ["default", { allow: ["bash(curl *)"] }, "curly x", K],
  ["default", { allow: ["bash(npm test*)"] }, "npm test", A],
  ["default", { allow: ["bash(npm test*)"] }, "npm test -- --watch", A],
  ["default", { allow: ["bash(npm test *)"] }, "npm run build", K],
  ["default", { allow: ["bash(npm test:*)"] }, "npm test --coverage", A],
  ["default", { allow: ["bash(npm test *)"] }, "npm test && curl evil.example", K],
  ["default", { allow: ["bash(npm test *)", "bash(curl *)"] }, "npm test && curl x", A],
  ["default", { allow: ["bash"] }, "rm -rf build", A],
  ["default", { allow: ["bash"] }, "echo $(whoami)", K],
  ["default", { allow: ["Bash(git commit *)"] }, "git commit -m 'a b'", A],
  ["default", { allow: ["bash(git commit *)"] }, "git commit -m 'a b' && git push", K],
  ["yolo", { deny: ["bash(rm *)"] }, "rm -rf /", D],
  ["yolo", { deny: ["bash(rm *)"] }, "ls && rm x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "sudo rm x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "env A=1 rm x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "timeout 5 rm x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "find . -exec rm {} +", D],
  ["yolo", { deny: ["bash(rm *)"] }, "ls | xargs rm", D],
  ["yolo", { deny: ["bash(rm *)"] }, "/bin/rm x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "./rm x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "echo $(rm x)", D],
  ["yolo", { deny: ["bash(rm *)"] }, "(cd x; rm y)", D],
  ["yolo", { deny: ["bash(rm *)"] }, "'rm' x", D],
  ["yolo", { deny: ["bash(rm *)"] }, "rmdir x", A],
  ["yolo", { deny: ["bash(rm *)"], allow: ["bash(rm *)"] }, "rm x", D],
  ["default", { deny: ["bash(git push *)"], allow: ["bash(git *)"] }, "git push origin", D],
  ["default", { deny: ["bash(git push *)"], allow: ["bash(git *)"] }, "git pull", A],
  ["default", { ask: ["bash(git *)"] }, "git status", K],
  ["default", { ask: ["bash(git *)"], allow: ["bash(git *)"] }, "git status", K],
  ["yolo", { ask: ["bash(curl *)"] }, "curl x", K],
  ["default", { deny: ["bash"] }, "ls", D],
  ["default", { allow: ["bash(sudo apt *)"] }, "sudo apt install x", A],
  ["default", { allow: ["bash(apt *)"] }, "sudo apt install x", K],
  ["default", { deny: ["read(**/.env*)"] }, "cat .env", D],
  ["default", { allow: ["read(.env)"] }, "cat .env", A],
  ["default", { allow: ["bash(cat *)"] }, "cat .env", K],
  ["default", { deny: ["write(src/**)"] }, "echo x > src/a.txt", D],
  ["accept-edits", { deny: ["edit(src/**)"] }, "echo x > src/a.txt", D],
  ["default", { allow: ["write(out/**)"] }, "echo x > out/a.txt", A],
  ["default", { allow: ["write(/tmp/**)"] }, "echo x > /tmp/a.txt", A],
  ["yolo", { deny: ["write"] }, "echo x > a.txt", D],
  ["yolo", { deny: ["write"] }, "echo x > $F", D],
  ["plan", { allow: ["bash(npm test *)"] }, "npm test", A],
];

describe("bash lines with rules", () => {
  for (const [mode, spec, command, expected] of BASH_RULES) {
    it(`${mode} ${JSON.stringify(spec)}: ${JSON.stringify(command)} -> ${expected}`, () => {
      expect(run(mode, "bash", { command }, rules(spec)).behavior).toBe(expected);
    });
  }
});

// [mode, rules, tool, path, expected]
const FILES: [PermissionMode, Parameters<typeof rules>[0], string, string, Behavior][] = [
  ["default", {}, "write", "src/a.ts", K],
  ["accept-edits", {}, "write", "src/a.ts", A],
  ["plan", {}, "write", "src/a.ts", D],
  ["yolo", {}, "write", "src/a.ts", A],
  ["default", {}, "edit", "README.md", K],
  ["accept-edits", {}, "edit", "README.md", A],
  ["plan", {}, "edit", "README.md", D],
  ["accept-edits", {}, "write", "../outside.txt", K],
  ["accept-edits", {}, "edit", "src/../../x.txt", K],
  ["accept-edits", {}, "write", "/etc/hosts", K],
  ["accept-edits", {}, "write", "~/notes.txt", K],
  ["accept-edits", {}, "write", "link-out/new.txt", K],
  ["accept-edits", {}, "edit", "file-link", K],
  ["accept-edits", {}, "write", "src-link/ok.ts", A],
  ["yolo", {}, "write", "/etc/hosts", A],
  ["plan", {}, "write", "/etc/hosts", D],
  ["default", { allow: ["edit(src/**)"] }, "edit", "src/a/b.ts", A],
  ["default", { allow: ["edit(src/**)"] }, "edit", "lib/a.ts", K],
  ["default", { allow: ["edit(src/**)"] }, "write", "src-link/a.ts", K],
  ["default", { allow: ["write"] }, "edit", "anything.txt", A],
  ["default", { allow: ["write(/tmp/**)"] }, "write", "/tmp/x/y.txt", A],
  ["accept-edits", { deny: ["edit(*.lock)"] }, "write", "package.lock", D],
  ["accept-edits", { deny: ["edit(*.lock)"] }, "edit", "sub/dir/yarn.lock", D],
  ["yolo", { deny: ["edit(**/.git/**)"] }, "write", ".git/config", D],
  ["accept-edits", { ask: ["edit(package.json)"] }, "edit", "package.json", K],
  ["default", { allow: ["edit(~/notes/**)"] }, "write", "~/notes/today.md", A],
  ["accept-edits", { deny: ["write(link-out/**)"] }, "write", "link-out/new.txt", D],
];

describe("write and edit", () => {
  for (const [mode, spec, tool, file, expected] of FILES) {
    it(`${mode} ${JSON.stringify(spec)}: ${tool}(${file}) -> ${expected}`, () => {
      expect(
        run(mode, tool, { file_path: file, content: "", old_string: "a", new_string: "b" }, rules(spec))
          .behavior,
      ).toBe(expected);
    });
  }
});

const READS: [PermissionMode, Parameters<typeof rules>[0], string, Record<string, unknown>, Behavior][] = [
  ["default", {}, "read", { file_path: "src/a.ts" }, A],
  ["plan", {}, "read", { file_path: "/etc/hosts" }, A],
  ["default", {}, "read", { file_path: "../../elsewhere.txt" }, A],
  ["default", {}, "read", { file_path: ".env" }, K],
  ["plan", {}, "read", { file_path: ".env.production" }, K],
  ["accept-edits", {}, "read", { file_path: "~/.ssh/id_ed25519" }, K],
  ["default", {}, "read", { file_path: "~/.ssh/config" }, K],
  ["default", {}, "read", { file_path: "~/.aws/credentials" }, K],
  ["default", {}, "read", { file_path: "~/.config/gcloud/creds.json" }, K],
  ["default", {}, "read", { file_path: "certs/server.pem" }, K],
  ["default", {}, "read", { file_path: "keys/id_rsa" }, K],
  ["default", {}, "read", { file_path: "~/.agenix/sessions/x/1.json" }, K],
  ["yolo", {}, "read", { file_path: ".env" }, A],
  ["default", { allow: ["read(.env)"] }, "read", { file_path: ".env" }, A],
  ["default", { allow: ["read"] }, "read", { file_path: "~/.ssh/id_rsa" }, A],
  ["default", { deny: ["read(**/.env*)"] }, "read", { file_path: "sub/.env" }, D],
  ["yolo", { deny: ["read(**/.env*)"] }, "read", { file_path: ".env" }, D],
  ["default", { deny: ["read(secret/**)"] }, "read", { file_path: "secret/a.txt" }, D],
  ["default", { deny: ["read(secret/**)"] }, "grep", { pattern: "x", path: "secret" }, D],
  ["default", {}, "grep", { pattern: "x" }, A],
  ["default", {}, "grep", { pattern: "x", path: "~/.ssh" }, K],
  ["default", {}, "glob", { pattern: "**/*", path: "~/.aws" }, K],
  ["plan", {}, "glob", { pattern: "**/*.ts" }, A],
  ["default", { deny: ["grep"] }, "grep", { pattern: "x" }, D],
];

describe("read, grep and glob", () => {
  for (const [mode, spec, tool, input, expected] of READS) {
    it(`${mode} ${JSON.stringify(spec)}: ${tool}(${JSON.stringify(input)}) -> ${expected}`, () => {
      expect(run(mode, tool, input, rules(spec)).behavior).toBe(expected);
    });
  }
});

const OTHER: [PermissionMode, Parameters<typeof rules>[0], string, Behavior][] = [
  ["default", {}, "mcp__github__create_issue", K],
  ["accept-edits", {}, "mcp__github__create_issue", K],
  ["plan", {}, "mcp__github__create_issue", D],
  ["yolo", {}, "mcp__github__create_issue", A],
  ["default", { allow: ["mcp__github__*"] }, "mcp__github__create_issue", A],
  ["default", { allow: ["mcp__github__*"] }, "mcp__gitlab__x", K],
  ["yolo", { deny: ["mcp__*"] }, "mcp__github__create_issue", D],
  // The session's own background shells: reading and stopping them needs no approval, in any mode.
  ["default", {}, "bash_output", A],
  ["plan", {}, "bash_output", A],
  ["default", {}, "kill_shell", A],
  ["plan", {}, "kill_shell", A],
  ["yolo", { deny: ["kill_shell"] }, "kill_shell", D],
  ["default", { ask: ["bash_output"] }, "bash_output", K],
];

describe("other tools (extensions, MCP)", () => {
  for (const [mode, spec, tool, expected] of OTHER) {
    it(`${mode} ${JSON.stringify(spec)}: ${tool} -> ${expected}`, () => {
      expect(run(mode, tool, {}, rules(spec)).behavior).toBe(expected);
    });
  }
});

describe("what a decision says", () => {
  it("proposes the rule that would allow a command, and yolo", () => {
    const d = run("default", "bash", { command: "curl -s example.com" });
    expect(d.suggestions).toEqual(["bash(curl *)"]);
    expect(d.modeHint).toBe("yolo");
  });
  it("proposes a subcommand rule", () => {
    expect(run("default", "bash", { command: "npm test -- --watch" }).suggestions).toEqual([
      "bash(npm test *)",
    ]);
  });
  it("proposes one rule per command of a compound line, and only for the parts that ask", () => {
    const d = run("default", "bash", { command: "ls && npm test && curl x | wc -l" });
    expect(d.suggestions).toEqual(["bash(npm test *)", "bash(curl *)"]);
  });
  it("proposes no rule for a shell that runs whatever it is fed", () => {
    expect(run("default", "bash", { command: "curl -s x | sh" }).suggestions).toEqual([]);
  });
  it("proposes nothing for a line no rule can allow (substitution)", () => {
    expect(run("default", "bash", { command: "npm test $(x)" }).suggestions).toEqual([]);
  });
  it("proposes the top folder for an edit, and accept-edits", () => {
    const d = run("default", "edit", { file_path: "src/a/b.ts" });
    expect(d.suggestions).toEqual(["edit(src/**)"]);
    expect(d.modeHint).toBe("accept-edits");
  });
  it("names the deny rule that decided", () => {
    const d = run("yolo", "bash", { command: "ls && rm -rf x" }, rules({ deny: ["bash(rm *)"] }));
    expect(d.rule?.text).toBe("bash(rm *)");
    expect(d.reason).toContain("bash(rm *)");
  });
  it("says a link leads outside", () => {
    expect(run("accept-edits", "write", { file_path: "link-out/x" }).reason).toMatch(
      /outside the working directory \(through a link/,
    );
  });
  it("a suggested rule allows the same call next time", () => {
    for (const [tool, input] of [
      ["bash", { command: "npm test -- --watch && curl -s x" }],
      ["edit", { file_path: "src/deep/file.ts" }],
      ["write", { file_path: "top.txt" }],
      ["write", { file_path: "/tmp/agenix-x/y.txt" }],
      ["read", { file_path: "~/.ssh/config" }],
      ["bash", { command: "echo x > notes/a.txt" }],
    ] as const) {
      const first = run("default", tool, input);
      expect(first.behavior).toBe("ask");
      const again = run("default", tool, input, parseRules(first.suggestions, "allow", "local"));
      expect(again.behavior, `${tool} ${JSON.stringify(input)} with ${first.suggestions}`).toBe("allow");
    }
  });
});
