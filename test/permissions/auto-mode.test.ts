// The decision table's `auto` column (src/permissions/auto-mode.ts) and escalation out of the
// sandbox ("sandbox": false), beside the other modes for the same calls. Real shell parser, real
// temp folder with a link out of the working directory.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
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
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-auto-")));
  const home = path.join(root, "home");
  const work = path.join(home, "project");
  mkdirSync(path.join(work, "src"), { recursive: true });
  mkdirSync(path.join(root, "outside"), { recursive: true });
  symlinkSync(path.join(root, "outside"), path.join(work, "link-out"));
  ctx = {
    workingDir: work,
    home,
    sessionsDir: path.join(home, ".agenix", "sessions"),
    realpath: realpathOfLongestPrefix,
    parseShell: await loadShellParser(),
    sandboxed: true,
  };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const A = "allow";
const K = "ask";
const D = "deny";
const MODES: PermissionMode[] = ["default", "auto", "accept-edits", "plan", "yolo"];

function rules(spec: { allow?: string[]; deny?: string[]; ask?: string[] } = {}): PermissionRule[] {
  return [
    ...parseRules(spec.deny, "deny", "flag"),
    ...parseRules(spec.ask, "ask", "flag"),
    ...parseRules(spec.allow, "allow", "user"),
  ];
}

function run(
  mode: PermissionMode,
  tool: string,
  input: Record<string, unknown>,
  r: PermissionRule[] = [],
  sandboxed = true,
) {
  return decide({ tool, input }, { mode, rules: r }, { ...ctx, sandboxed });
}

// [tool, input, default, auto, accept-edits, plan, yolo] -- with a sandbox running.
const TABLE: [string, Record<string, unknown>, Behavior, Behavior, Behavior, Behavior, Behavior][] = [
  ["bash", { command: "ls -la" }, A, A, A, A, A],
  ["bash", { command: "npm test" }, K, A, K, D, A],
  ["bash", { command: "make && pytest -x" }, K, A, K, D, A],
  ["bash", { command: "python3 script.py > out.txt" }, K, A, K, D, A],
  ["bash", { command: "echo x > ~/.bashrc" }, K, A, K, D, A],
  ["bash", { command: "cat ~/.ssh/id_ed25519" }, K, A, K, K, A],
  ["bash", { command: "echo $(whoami)" }, K, A, K, D, A],
  ["bash", { command: "sudo apt install x" }, K, K, K, K, K],
  ["bash", { command: "ls", sandbox: false }, K, K, K, K, A],
  ["bash", { command: "npm publish", sandbox: false }, K, K, K, D, A],
  ["write", { file_path: "src/a.ts" }, K, A, A, D, A],
  ["edit", { file_path: "README.md" }, K, A, A, D, A],
  ["write", { file_path: "../elsewhere.txt" }, K, K, K, D, A],
  ["write", { file_path: "link-out/x.txt" }, K, K, K, D, A],
  ["write", { file_path: ".git/hooks/pre-commit" }, K, K, K, D, A],
  ["edit", { file_path: ".git/config" }, K, K, K, D, A],
  ["write", { file_path: ".agenix/settings.json" }, K, K, K, D, A],
  ["write", { file_path: ".claude/settings.json" }, K, K, K, D, A],
  ["read", { file_path: "src/a.ts" }, A, A, A, A, A],
  ["read", { file_path: ".env" }, K, K, K, K, A],
  ["mcp__github__create_issue", {}, K, K, K, D, A],
  // run_in_background changes nothing in the decision: the same command gets the same answer.
  ["bash", { command: "npm test", run_in_background: true }, K, A, K, D, A],
  ["bash", { command: "ls -la", run_in_background: true }, A, A, A, A, A],
  [
    "bash",
    { command: "python3 -m http.server 8000", run_in_background: true, sandbox: false },
    K,
    K,
    K,
    D,
    A,
  ],
  ["bash", { command: "sudo nc -l 80", run_in_background: true }, K, K, K, K, K],
  ["bash_output", { id: "bash_1" }, A, A, A, A, A],
  ["kill_shell", { id: "bash_1" }, A, A, A, A, A],
];

describe("the auto column, beside the other modes (sandbox running)", () => {
  for (const [tool, input, ...expected] of TABLE) {
    MODES.forEach((mode, i) => {
      it(`${mode}: ${tool}(${JSON.stringify(input)}) -> ${expected[i]}`, () => {
        expect(run(mode, tool, input).behavior).toBe(expected[i]);
      });
    });
  }
});

describe("rules still apply in auto", () => {
  const cases: [Parameters<typeof rules>[0], Record<string, unknown>, Behavior][] = [
    [{ deny: ["bash(rm *)"] }, { command: "ls && rm -rf build" }, D],
    [{ deny: ["bash(rm *)"] }, { command: "find . -exec rm {} +" }, D],
    [{ ask: ["bash(git push *)"] }, { command: "git push origin" }, K],
    [{ deny: ["read(**/.env*)"] }, { command: "cat .env" }, D],
    [{ allow: ["bash(npm publish *)"] }, { command: "npm publish --dry-run", sandbox: false }, A],
    [{ deny: ["bash(curl *)"] }, { command: "curl x", sandbox: false }, D],
  ];
  for (const [spec, input, expected] of cases) {
    it(`${JSON.stringify(spec)}: ${JSON.stringify(input)} -> ${expected}`, () => {
      expect(run("auto", "bash", input, rules(spec)).behavior).toBe(expected);
    });
  }
  it("a deny rule for a protected path denies a write in auto", () => {
    expect(
      run("auto", "write", { file_path: ".git/config" }, rules({ deny: ["edit(**/.git/**)"] })).behavior,
    ).toBe(D);
  });
});

describe("what auto decisions say", () => {
  it("a sandboxed command says it runs in the sandbox", () => {
    expect(run("auto", "bash", { command: "npm test" }).reason).toBe("auto mode: it runs in the sandbox");
  });
  it("escalation says it runs outside the sandbox (shown in the approval box)", () => {
    const d = run("auto", "bash", { command: "npm publish", sandbox: false });
    expect(d.reason).toMatch(/^it runs OUTSIDE the sandbox \("sandbox": false\)/);
    expect(d.suggestions).toEqual(["bash(npm publish *)"]);
  });
  it("a file that becomes code asks in auto as in accept-edits, naming the file", () => {
    expect(run("auto", "write", { file_path: ".git/hooks/pre-commit" }).reason).toContain(
      ".git/hooks/pre-commit",
    );
  });
});

describe("with a read-only sandbox", () => {
  it("commands still run in it, but write and edit ask as in default", () => {
    const readOnly = { ...ctx, sandboxReadOnly: true };
    expect(
      decide({ tool: "bash", input: { command: "npm test" } }, { mode: "auto", rules: [] }, readOnly)
        .behavior,
    ).toBe(A);
    expect(
      decide({ tool: "write", input: { file_path: "src/a.ts" } }, { mode: "auto", rules: [] }, readOnly)
        .behavior,
    ).toBe(K);
  });
});

describe("without a running sandbox", () => {
  it("auto decides commands like default; sandbox: false is an ordinary call", () => {
    expect(run("auto", "bash", { command: "npm test" }, [], false).behavior).toBe(K);
    expect(run("auto", "bash", { command: "ls" }, [], false).behavior).toBe(A);
    expect(run("default", "bash", { command: "ls", sandbox: false }, [], false).behavior).toBe(A);
  });
});
