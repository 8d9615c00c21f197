// Tools declare what the permission table needs (src/permissions/tool-permission.ts): a new tool is
// decided by its declaration alone, with no permission file naming it or its arguments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_TOOLS } from "../../src/permissions/builtin-tools.js";
import { decide } from "../../src/permissions/decide.js";
import { isPrivateAddress } from "../../src/permissions/decide-fetch.js";
import { callLabel } from "../../src/permissions/describe.js";
import { Permissions } from "../../src/permissions/gate.js";
import { parseRule } from "../../src/permissions/rules.js";
import {
  type PermissionTool,
  pathArgument,
  permissionLookup,
  stringArgument,
} from "../../src/permissions/tool-permission.js";
import type { Behavior, PermissionMode } from "../../src/permissions/types.js";
import { builtinTools } from "../../src/tools/registry.js";
import { makeWorld, type RuleSpec, rules, type World } from "./fixture.js";

// Tools no permission file knows, with argument names no built-in tool uses.
const NEW_TOOLS: PermissionTool[] = [
  { name: "peek", permission: { kind: "read", paths: (input) => pathArgument(input, "target") } },
  {
    name: "patch_many",
    permission: {
      kind: "write",
      paths: (input) => (Array.isArray(input.files) ? input.files.filter((f) => typeof f === "string") : []),
    },
  },
  { name: "shell", permission: { kind: "command", command: (input) => stringArgument(input, "line") } },
  { name: "todo_write", permission: { kind: "none" } },
  { name: "web_fetch", permission: { kind: "fetch", url: (input) => stringArgument(input, "url") } },
];
const permissionOf = permissionLookup(BUILTIN_TOOLS, NEW_TOOLS);

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});
afterAll(() => world.cleanup());

function behavior(mode: PermissionMode, tool: string, input: Record<string, unknown>, spec?: RuleSpec) {
  return decide({ tool, input }, { mode, rules: rules(spec) }, { ...world.ctx, permissionOf });
}

const MODES: PermissionMode[] = ["default", "accept-edits", "plan", "yolo"];
const A: Behavior = "allow";
const K: Behavior = "ask";
const D: Behavior = "deny";

describe("every built-in tool declares what it does", () => {
  it("read, grep and glob read; write and edit write; bash runs a command; web_fetch fetches; shell control and todo_write do nothing else", () => {
    expect(Object.fromEntries(builtinTools().map((t) => [t.name, t.permission?.kind]))).toEqual({
      read: "read",
      write: "write",
      edit: "write",
      bash: "command",
      grep: "read",
      glob: "read",
      bash_output: "none",
      kill_shell: "none",
      web_fetch: "fetch",
      todo_write: "none",
    });
  });
});

describe("a new tool is decided by its declaration", () => {
  // [tool, input, rules, default, accept-edits, plan, yolo]
  const CASES: [string, Record<string, unknown>, RuleSpec, Behavior, Behavior, Behavior, Behavior][] = [
    ["peek", { target: "README.md" }, {}, A, A, A, A],
    ["peek", { target: ".env" }, {}, K, K, K, A],
    ["peek", { target: "~/.ssh/id_rsa" }, {}, K, K, K, A],
    // A `read(...)` rule covers every reading tool; the tool's own rules cover it.
    ["peek", { target: "README.md" }, { deny: ["read(README.md)"] }, D, D, D, D],
    ["peek", { target: ".env" }, { allow: ["peek(.env)"] }, A, A, A, A],
    ["patch_many", { files: ["src/a.ts"] }, {}, K, A, D, A],
    // Every path is decided; the strictest wins.
    ["patch_many", { files: ["src/a.ts", "../../outside/x"] }, {}, K, K, D, A],
    ["patch_many", { files: ["src/a.ts", ".git/hooks/pre-commit"] }, {}, K, K, D, A],
    // `edit(...)` and `write(...)` rules cover every file change.
    ["patch_many", { files: ["src/a.ts"] }, { deny: ["edit(src/**)"] }, D, D, D, D],
    ["patch_many", { files: ["src/a.ts"] }, { allow: ["write(src/**)"] }, A, A, A, A],
    ["shell", { line: "ls -la" }, {}, A, A, A, A],
    ["shell", { line: "curl -s example.com" }, {}, K, K, D, A],
    ["shell", { line: "cat .env" }, {}, K, K, K, A],
    ["shell", { line: "npm test" }, { allow: ["shell(npm test *)"] }, A, A, A, A],
    // A `bash(...)` rule is about the bash tool, not another command tool.
    ["shell", { line: "npm test" }, { allow: ["bash(npm test *)"] }, K, K, D, A],
    ["shell", { line: "rm -rf x" }, { deny: ["shell(rm *)"] }, D, D, D, D],
    ["shell", { line: 'bash -c "ls"' }, { deny: ["shell(rm *)"] }, D, D, D, D],
    ["todo_write", { todos: [] }, {}, A, A, A, A],
    ["todo_write", { todos: [] }, { deny: ["todo_write"] }, D, D, D, D],
    ["todo_write", { todos: [] }, { ask: ["todo_write"] }, K, K, K, K],
    // No declaration: asked about by name (extensions, MCP).
    ["mcp__x__y", {}, {}, K, K, D, A],
  ];
  for (const [tool, input, spec, ...expected] of CASES) {
    it(`${tool} ${JSON.stringify(input)} ${JSON.stringify(spec)}`, () => {
      expect(MODES.map((mode) => behavior(mode, tool, input, spec).behavior)).toEqual(expected);
    });
  }

  it("a command tool's proposed rule names the tool", () => {
    expect(behavior("default", "shell", { line: "curl -s example.com" }).suggestions).toEqual([
      "shell(curl *)",
    ]);
  });

  it("auto mode: a write tool runs inside the working directory like edit; a none tool runs", () => {
    const auto = (tool: string, input: Record<string, unknown>) =>
      decide({ tool, input }, { mode: "auto", rules: [] }, { ...world.ctx, permissionOf, sandboxed: true })
        .behavior;
    expect(auto("patch_many", { files: ["src/a.ts"] })).toBe("allow");
    expect(auto("patch_many", { files: ["../../outside/x"] })).toBe("ask");
    expect(auto("todo_write", {})).toBe("allow");
  });
});

describe("fetch: rules by domain", () => {
  const fetch = (mode: PermissionMode, url: unknown, spec?: RuleSpec) =>
    behavior(mode, "web_fetch", { url }, spec);

  // [url, rules, default, accept-edits, plan, yolo]
  const CASES: [string, RuleSpec, Behavior, Behavior, Behavior, Behavior][] = [
    ["https://docs.python.org/3/", {}, K, K, D, A],
    ["https://docs.python.org/3/", { allow: ["web_fetch(domain:docs.python.org)"] }, A, A, A, A],
    ["https://DOCS.python.org/3/", { allow: ["web_fetch(domain:docs.python.org)"] }, A, A, A, A],
    ["https://evil.example/?q=docs.python.org", { allow: ["web_fetch(domain:docs.python.org)"] }, K, K, D, A],
    ["https://a.python.org/", { allow: ["web_fetch(domain:*.python.org)"] }, A, A, A, A],
    ["https://python.org.evil.example/", { allow: ["web_fetch(domain:*.python.org)"] }, K, K, D, A],
    ["https://docs.python.org/", { allow: ["web_fetch"] }, A, A, A, A],
    ["https://docs.python.org/", { deny: ["web_fetch(domain:docs.python.org)"] }, D, D, D, D],
    ["https://docs.python.org/", { ask: ["web_fetch"] }, K, K, K, K],
    // Private and loopback addresses: refused in every mode unless a rule names them.
    ["http://127.0.0.1:8080/", {}, D, D, D, D],
    ["http://localhost/", {}, D, D, D, D],
    ["http://[::1]/", {}, D, D, D, D],
    ["http://[::ffff:127.0.0.1]/", {}, D, D, D, D],
    ["http://2130706433/", {}, D, D, D, D],
    ["http://192.168.1.10/", { allow: ["web_fetch"] }, D, D, D, D],
    ["http://192.168.1.10/", { allow: ["web_fetch(domain:192.168.*)"] }, D, D, D, D],
    ["http://127.0.0.1:8080/", { allow: ["web_fetch(domain:127.0.0.1)"] }, A, A, A, A],
    ["file:///etc/passwd", { allow: ["web_fetch"] }, D, D, D, D],
    ["not a url", {}, D, D, D, D],
  ];
  for (const [url, spec, ...expected] of CASES) {
    it(`${url} ${JSON.stringify(spec)}`, () => {
      expect(MODES.map((mode) => fetch(mode, url, spec).behavior)).toEqual(expected);
    });
  }

  it("asks with the domain rule that would allow it; a private address names the exact rule", () => {
    expect(fetch("default", "https://docs.python.org/3/")).toMatchObject({
      behavior: "ask",
      suggestions: ["web_fetch(domain:docs.python.org)"],
    });
    expect(fetch("yolo", "http://127.0.0.1:9/")).toMatchObject({
      behavior: "deny",
      reason: "127.0.0.1 is a private or loopback address, refused unless a rule names it",
      exact: ["web_fetch(domain:127.0.0.1)"],
    });
  });

  it("private addresses", () => {
    for (const host of [
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "169.254.169.254",
      "0.0.0.0",
      "fd00::1",
      "fe80::1",
      "a.localhost",
      "224.0.0.1",
      "239.255.255.250",
      "255.255.255.255",
      "198.18.0.1",
      "192.0.0.170",
      "ff02::1",
    ])
      expect(isPrivateAddress(host), host).toBe(true);
    for (const host of [
      "8.8.8.8",
      "172.32.0.1",
      "198.20.0.1",
      "192.0.2.1",
      "docs.python.org",
      "2606:4700::1111",
    ])
      expect(isPrivateAddress(host), host).toBe(false);
  });
});

describe("the gate and labels read the declarations", () => {
  const signal = new AbortController().signal;

  it("the session's tools reach the gate: a new read tool on a secret asks, on a plain file runs", async () => {
    const gate = new Permissions({
      mode: "default",
      rules: [],
      workingDir: world.work,
      home: world.home,
      tools: NEW_TOOLS,
    });
    const peek = (target: string) => ({ id: "p", name: "peek", arguments: { target } });
    expect((await gate.authorize(peek("README.md"), signal)).behavior).toBe("allow");
    const refused = await gate.authorize(peek(".env"), signal);
    expect(refused).toMatchObject({ behavior: "deny", denial: { allowWith: ["read(.env)"] } });
    expect(refused.behavior === "deny" && refused.message).toContain(
      "Permission denied: peek(.env) was not run.",
    );
  });

  it("a tool without a declaration does not override a built-in one of that name", async () => {
    const gate = new Permissions({
      mode: "plan",
      rules: [],
      workingDir: world.work,
      home: world.home,
      tools: [{ name: "read" }],
    });
    expect((await gate.decide("read", { file_path: "README.md" })).behavior).toBe("allow");
  });

  it("labels: the command, the first path, a declared label, else the arguments as JSON", () => {
    const lookup = permissionLookup(BUILTIN_TOOLS, NEW_TOOLS);
    expect(callLabel("shell", { line: "ls  -la" }, 200, lookup)).toBe("shell(ls -la)");
    expect(callLabel("patch_many", { files: ["a", "b"] }, 200, lookup)).toBe("patch_many(a)");
    expect(callLabel("web_fetch", { url: "https://x.example/" }, 200, lookup)).toBe(
      "web_fetch(https://x.example/)",
    );
    expect(callLabel("grep", { pattern: "TODO", path: "src" })).toBe("grep(TODO)");
    expect(callLabel("todo_write", { todos: [] }, 200, lookup)).toBe('todo_write({"todos":[]})');
  });

  it("rule spelling follows the kind: command patterns keep parentheses, path patterns may not", () => {
    expect(parseRule("bash(echo (x))", "allow", "flag").pattern).toBe("echo (x)");
    expect(() => parseRule("read(a(b))", "allow", "flag")).toThrow("a pattern cannot contain '('");
  });
});
