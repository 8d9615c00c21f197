// The web_fetch and todo_write rows of the decision table, and web_fetch rule parsing.
import { describe, expect, it } from "vitest";
import { decideAuto } from "../../src/permissions/auto-mode.js";
import { decide } from "../../src/permissions/decide.js";
import { Permissions } from "../../src/permissions/gate.js";
import { parseRule, parseRules } from "../../src/permissions/rules.js";
import type { PermissionMode, PermissionRule } from "../../src/permissions/types.js";

const ctx = { workingDir: "/work", home: "/home/u" };

function rules(allow: string[] = [], deny: string[] = [], ask: string[] = []): PermissionRule[] {
  return [
    ...parseRules(deny, "deny", "flag"),
    ...parseRules(ask, "ask", "flag"),
    ...parseRules(allow, "allow", "flag"),
  ];
}

function fetchDecision(url: string, mode: PermissionMode, ruleList: PermissionRule[] = []) {
  return decide({ tool: "web_fetch", input: { url } }, { mode, rules: ruleList }, ctx);
}

describe("web_fetch permissions", () => {
  it("without a rule: default, auto and accept-edits ask (proposing the domain), plan refuses, yolo allows", () => {
    for (const mode of ["default", "auto", "accept-edits"] as const) {
      const d = fetchDecision("https://docs.python.org/3/library/json.html", mode);
      expect(d).toMatchObject({ behavior: "ask", suggestions: ["web_fetch(domain:docs.python.org)"] });
      expect(d.reason).toBe("fetching from docs.python.org sends a request out of this machine");
    }
    expect(fetchDecision("https://docs.python.org/", "plan")).toMatchObject({
      behavior: "deny",
      reason: "plan mode fetches only from domains a rule allows, and none allows docs.python.org",
    });
    expect(fetchDecision("https://docs.python.org/", "yolo").behavior).toBe("allow");
  });

  it("a domain rule allows its host in every mode (plan included); a wildcard covers subdomains only", () => {
    const allowed = rules(["web_fetch(domain:docs.python.org)", "WebFetch(domain:*.nodejs.org)"]);
    for (const mode of ["default", "auto", "plan"] as const) {
      expect(fetchDecision("https://docs.python.org/3/", mode, allowed).behavior).toBe("allow");
      expect(fetchDecision("https://api.nodejs.org/x", mode, allowed).behavior).toBe("allow");
    }
    expect(fetchDecision("https://nodejs.org/", "default", allowed).behavior).toBe("ask");
    expect(fetchDecision("https://python.org/", "default", allowed).behavior).toBe("ask");
    expect(fetchDecision("https://evil.example/", "plan", allowed).behavior).toBe("deny");
    // A bare web_fetch rule allows every domain.
    expect(fetchDecision("https://anything.example/", "default", rules(["web_fetch"])).behavior).toBe(
      "allow",
    );
  });

  it("deny and ask rules win over allow rules and modes", () => {
    const list = rules(["web_fetch"], ["web_fetch(domain:evil.example)"], ["web_fetch(domain:ask.example)"]);
    expect(fetchDecision("https://evil.example/", "yolo", list)).toMatchObject({
      behavior: "deny",
      reason: "fetching from evil.example is denied by the rule web_fetch(domain:evil.example)",
    });
    expect(fetchDecision("https://ask.example/", "yolo", list).behavior).toBe("ask");
  });

  it("private and loopback literals are refused, even in yolo or with a bare rule, unless a rule names the host", () => {
    for (const url of [
      "http://127.0.0.1:8080/",
      "http://localhost/",
      "http://[::1]/",
      "http://169.254.169.254/",
      "http://10.1.2.3/",
    ]) {
      for (const mode of ["default", "yolo"] as const) {
        const d = fetchDecision(url, mode, rules(["web_fetch"]));
        expect(d.behavior, `${url} ${mode}`).toBe("deny");
        expect(d.reason).toContain(
          "is a private or loopback address, fetched only when an allow rule names that host",
        );
      }
    }
    expect(
      fetchDecision("http://127.0.0.1:8080/", "default", rules(["web_fetch(domain:127.0.0.1)"])).behavior,
    ).toBe("allow");
    expect(
      fetchDecision("http://localhost:3000/", "plan", rules(["web_fetch(domain:localhost)"])).behavior,
    ).toBe("allow");
  });

  it("the gate knows which hosts a rule names exactly (the tool's private-address check)", () => {
    const gate = new Permissions({
      mode: "default",
      rules: rules(["web_fetch(domain:127.0.0.1)", "web_fetch(domain:*.corp.example)", "web_fetch"]),
      workingDir: "/work",
      home: "/home/u",
    });
    expect(gate.explicitlyAllowedHost("web_fetch", "127.0.0.1")).toBe(true);
    expect(gate.explicitlyAllowedHost("web_fetch", "wiki.corp.example")).toBe(false);
    expect(gate.explicitlyAllowedHost("web_fetch", "localhost")).toBe(false);
  });

  it("rules must name a valid domain", () => {
    expect(parseRule("web_fetch(domain:Docs.Python.org)", "allow", "flag").text).toBe(
      "web_fetch(domain:docs.python.org)",
    );
    expect(parseRule("WebFetch(domain:x.org)", "allow", "flag").tool).toBe("web_fetch");
    expect(() => parseRule("web_fetch(docs.python.org)", "allow", "flag")).toThrow(
      'invalid permission rule "web_fetch(docs.python.org)": web_fetch rules name a domain: web_fetch(domain:docs.python.org) or web_fetch(domain:*.python.org)',
    );
    expect(() => parseRule("web_fetch(domain:https://x.org/a)", "allow", "flag")).toThrow(
      "give a host name, not a URL (no scheme)",
    );
    expect(() => parseRule("web_fetch(domain:*)", "allow", "flag")).toThrow(
      'a bare "*" would allow every host',
    );
  });

  it("auto mode asks like default", () => {
    const table = (r: Parameters<typeof decide>[0], p: Parameters<typeof decide>[1]) => decide(r, p, ctx);
    const d = decideAuto(
      { tool: "web_fetch", input: { url: "https://x.org/" } },
      { mode: "auto", rules: [] },
      ctx,
      table,
    );
    expect(d.behavior).toBe("ask");
  });
});

describe("todo_write permissions", () => {
  it("runs in every mode (plan included); a deny rule still refuses it", () => {
    for (const mode of ["default", "auto", "accept-edits", "plan", "yolo"] as const) {
      expect(decide({ tool: "todo_write", input: { todos: [] } }, { mode, rules: [] }, ctx).behavior).toBe(
        "allow",
      );
    }
    const denied = decide(
      { tool: "todo_write", input: {} },
      { mode: "yolo", rules: rules([], ["TodoWrite"]) },
      ctx,
    );
    expect(denied.behavior).toBe("deny");
  });
});
