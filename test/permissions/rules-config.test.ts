// Rule syntax, modes, configuration from flags and settings, the tool environment, and the gate
// (asking, remembering, refusing when no one can answer).
import { describe, expect, it } from "vitest";
import { resolvePermissionConfig } from "../../src/permissions/config.js";
import { filterToolEnv } from "../../src/permissions/env.js";
import { Permissions } from "../../src/permissions/gate.js";
import { nextMode, parsePermissionMode } from "../../src/permissions/modes.js";
import { parseRule, ruleWarnings } from "../../src/permissions/rules.js";
import type { PermissionMode, PermissionRule } from "../../src/permissions/types.js";

describe("rule syntax", () => {
  it.each([
    ["bash(npm test*)", "bash", "npm test*"],
    ["bash( git   diff  * )", "bash", "git diff *"],
    ["Bash(ls *)", "bash", "ls *"],
    ["edit(src/**)", "edit", "src/**"],
    ["write", "write", undefined],
    ["mcp__github__*", "mcp__github__*", undefined],
  ])("%s", (text, tool, pattern) => {
    expect(parseRule(text, "allow", "flag")).toMatchObject({ tool, pattern, kind: "allow", source: "flag" });
  });

  it.each([
    ["bash(", /invalid permission rule "bash\(": missing closing parenthesis/],
    ["", /the rule is empty/],
    ["bash()", /the pattern is empty; write bash to match every bash call/],
    ["(ls)", /the tool name is missing/],
    ["ba sh(ls)", /the tool name "ba sh" may only contain/],
    ["ls)", /unexpected '\)'/],
  ])("rejects %j", (text, message) => {
    expect(() => parseRule(text, "allow", "flag")).toThrow(message);
  });

  it("warns about a rule whose tool does not exist", () => {
    const rules = [
      parseRule("fetch(x)", "deny", "user"),
      parseRule("mcp__a__b", "allow", "user"),
      parseRule("read", "allow", "user"),
    ];
    expect(ruleWarnings(rules, ["read", "bash"])).toEqual([
      'Warning: permission rule deny "fetch(x)" (user settings) can never match: there is no tool "fetch" (tools: read, bash).',
    ]);
  });

  it("knows the tools a session adds (task), in either spelling, by default", () => {
    const { warnings, rules } = resolvePermissionConfig({ deny: ["task", "Task(explore*)"] }, undefined);
    expect(warnings).toEqual([]);
    expect(rules.map((r) => r.tool)).toEqual(["task", "task"]);
  });
});

describe("modes", () => {
  it("parses the five modes and a few familiar spellings", () => {
    expect(parsePermissionMode("auto")).toBe("auto");
    expect(parsePermissionMode("accept-edits")).toBe("accept-edits");
    expect(parsePermissionMode("acceptEdits")).toBe("accept-edits");
    expect(() => parsePermissionMode("fast", "--permission-mode")).toThrow(
      'invalid --permission-mode "fast": expected one of default, auto, accept-edits, plan, yolo',
    );
  });
  it("Shift+Tab cycles default -> accept-edits -> plan -> default; yolo goes back to default", () => {
    expect([nextMode("default"), nextMode("accept-edits"), nextMode("plan"), nextMode("yolo")]).toEqual([
      "accept-edits",
      "plan",
      "default",
      "default",
    ]);
  });
  it("with a sandbox, auto joins the cycle: auto -> default -> accept-edits -> plan -> auto", () => {
    const cycle = ["auto"] as PermissionMode[];
    for (let i = 0; i < 4; i++) cycle.push(nextMode(cycle.at(-1)!, true));
    expect(cycle).toEqual(["auto", "default", "accept-edits", "plan", "auto"]);
  });
});

describe("configuration", () => {
  const settings = {
    defaultMode: "accept-edits",
    defaultModeSource: "/home/u/.agenix/settings.json",
    rules: [
      { kind: "allow" as const, rule: "bash(make *)", scope: "user" as const, file: "/u.json" },
      { kind: "deny" as const, rule: "bash(rm *)", scope: "project" as const, file: "/p.json" },
      { kind: "allow" as const, rule: "bash(npm test *)", scope: "local" as const, file: "/l.json" },
    ],
  };
  it("flags beat settings for the mode; rules from every source are kept with their source", () => {
    const config = resolvePermissionConfig({ permissionMode: "plan", allow: ["read"] }, settings);
    expect(config.mode).toBe("plan");
    expect(config.modeSource).toBe("--permission-mode");
    expect(config.rules.map((r) => `${r.kind} ${r.text} ${r.source}`)).toEqual([
      "allow read flag",
      "allow bash(make *) user",
      "deny bash(rm *) project",
      "allow bash(npm test *) local",
    ]);
    expect(resolvePermissionConfig({}, settings)).toMatchObject({
      mode: "accept-edits",
      modeSource: "/home/u/.agenix/settings.json",
    });
    expect(resolvePermissionConfig({ yolo: true }, settings).mode).toBe("yolo");
  });
  it("names the settings file of an invalid rule; refuses --yolo with another mode", () => {
    expect(() =>
      resolvePermissionConfig(
        {},
        { rules: [{ kind: "ask", rule: "bash(", scope: "user", file: "/u.json" }] },
      ),
    ).toThrow('/u.json: permissions.ask: invalid permission rule "bash(": missing closing parenthesis');
    expect(() => resolvePermissionConfig({ yolo: true, permissionMode: "plan" }, undefined)).toThrow(
      /disagree/,
    );
  });
});

describe("tool environment", () => {
  const env = {
    PATH: "/bin",
    HOME: "/h",
    OPENAI_API_KEY: "sk-123456789",
    GITHUB_TOKEN: "ghp_x",
    db_password: "p",
    AWS_SECRET_ACCESS_KEY: "s",
    MY_CREDENTIALS_FILE: "/c",
    KEYBOARD_LAYOUT: "us",
    CUSTOM_LLM: "sk-agenix-uses-this",
  };
  it("drops names with KEY, SECRET, TOKEN, PASSWORD, CREDENTIAL (any case) and the key in use", () => {
    expect(filterToolEnv(env, { secretValues: ["sk-agenix-uses-this"] })).toEqual({
      PATH: "/bin",
      HOME: "/h",
    });
  });
  it("passThrough lets named variables through, never the key agenix uses", () => {
    const out = filterToolEnv(env, {
      passThrough: ["GITHUB_TOKEN", "CUSTOM_LLM"],
      secretValues: ["sk-agenix-uses-this"],
    });
    expect(out.GITHUB_TOKEN).toBe("ghp_x");
    expect(out.CUSTOM_LLM).toBeUndefined();
  });
});

describe("the gate", () => {
  const base = { mode: "default" as const, rules: [] as PermissionRule[], workingDir: "/w/p", home: "/w" };
  const call = (command: string) => ({ id: "c", name: "bash", arguments: { command } });
  const signal = new AbortController().signal;

  it("without anyone to ask, an ask is refused with the reason and the rule that would allow it", async () => {
    const gate = new Permissions(base);
    const verdict = await gate.authorize(call("curl -s x"), signal);
    expect(verdict).toMatchObject({
      behavior: "deny",
      denial: { tool: "bash", rule: null, allowWith: ["bash(curl *)"], modeHint: "yolo" },
    });
    expect(verdict.behavior === "deny" && verdict.message).toContain(
      "this session cannot ask (print mode or SDK)",
    );
  });

  it("yes and remember: the rule is saved once, applies at once, and the next call is not asked", async () => {
    const saved: string[] = [];
    let asked = 0;
    const gate = new Permissions({
      ...base,
      ask: async () => {
        asked++;
        return { behavior: "allow", remember: true };
      },
      remember: (rule) => {
        saved.push(`${rule.text} ${rule.source}`);
      },
    });
    expect((await gate.authorize(call("npm test -- --watch"), signal)).behavior).toBe("allow");
    expect((await gate.authorize(call("npm test"), signal)).behavior).toBe("allow");
    expect(asked).toBe(1);
    expect(saved).toEqual(["bash(npm test *) approved"]);
    expect(gate.listRules().map((r) => r.text)).toEqual(["bash(npm test *)"]);
  });

  it("a no with a reason reaches the model; a remembered rule that cannot be saved still applies, with a warning", async () => {
    const notes: string[] = [];
    const gate = new Permissions({
      ...base,
      ask: async ({ call: c }) =>
        String(c.arguments.command).startsWith("curl")
          ? { behavior: "deny", reason: "offline" }
          : { behavior: "allow", remember: true },
      remember: () => {
        throw new Error("disk full");
      },
      notify: (text) => notes.push(text),
    });
    const no = await gate.authorize(call("curl x"), signal);
    expect(no.behavior === "deny" && no.message).toContain("The user declined it. The user said: offline");
    expect(no.behavior === "deny" && no.denial).toMatchObject({ byUser: true, userReason: "offline" });
    expect((await gate.authorize(call("make all"), signal)).behavior).toBe("allow");
    expect(notes).toEqual([
      "Warning: could not save the rule bash(make all *): disk full. It applies to this session only.",
    ]);
    expect((await gate.authorize(call("make all -j2"), signal)).behavior).toBe("allow");
  });

  it("setMode changes decisions at once", async () => {
    const gate = new Permissions(base);
    const write = { id: "w", name: "write", arguments: { file_path: "a.txt", content: "" } };
    expect((await gate.authorize(write, signal)).behavior).toBe("deny");
    gate.setMode("accept-edits");
    expect((await gate.authorize(write, signal)).behavior).toBe("allow");
  });
});
