// web_fetch and todo_write as the gate sees them (their declarations: kind "fetch" and "none"),
// the rules' Claude Code spelling, and which hosts a rule names exactly (the tool's own check of
// the addresses a name resolves to, tools/web/http-get.ts, asks the gate).
import { describe, expect, it } from "vitest";
import { Permissions } from "../../src/permissions/gate.js";
import { parseRule, parseRules } from "../../src/permissions/rules.js";
import type { PermissionMode } from "../../src/permissions/types.js";

function gate(mode: PermissionMode, allow: string[] = [], deny: string[] = []) {
  return new Permissions({
    mode,
    rules: [...parseRules(deny, "deny", "flag"), ...parseRules(allow, "allow", "flag")],
    workingDir: "/work",
    home: "/home/u",
  });
}

const fetching = async (p: Permissions, url: string) => (await p.decide("web_fetch", { url })).behavior;

describe("web_fetch permissions", () => {
  it("without a rule: default, auto and accept-edits ask, proposing the domain; plan refuses; yolo runs", async () => {
    for (const mode of ["default", "auto", "accept-edits"] as const) {
      const d = await gate(mode).decide("web_fetch", { url: "https://docs.python.org/3/library/json.html" });
      expect(d, mode).toMatchObject({ behavior: "ask", suggestions: ["web_fetch(domain:docs.python.org)"] });
    }
    expect(await fetching(gate("plan"), "https://docs.python.org/")).toBe("deny");
    expect(await fetching(gate("yolo"), "https://docs.python.org/")).toBe("allow");
  });

  it("a domain rule allows its host in every mode, plan included; Claude Code's WebFetch spelling works", async () => {
    const rules = ["web_fetch(domain:docs.python.org)", "WebFetch(domain:*.nodejs.org)"];
    for (const mode of ["default", "auto", "plan"] as const) {
      expect(await fetching(gate(mode, rules), "https://docs.python.org/3/")).toBe("allow");
      expect(await fetching(gate(mode, rules), "https://api.nodejs.org/x")).toBe("allow");
    }
    expect(await fetching(gate("default", rules), "https://python.org/")).toBe("ask");
    expect(parseRule("WebFetch(domain:x.org)", "allow", "flag").tool).toBe("web_fetch");
    expect(parseRule("TodoWrite", "deny", "flag").tool).toBe("todo_write");
  });

  it("loopback is refused in yolo and with a bare rule; a rule naming the host allows it", async () => {
    expect(await fetching(gate("yolo", ["web_fetch"]), "http://127.0.0.1:8080/")).toBe("deny");
    expect(await fetching(gate("default", ["web_fetch(domain:127.0.0.1)"]), "http://127.0.0.1:8080/")).toBe(
      "allow",
    );
  });

  it("the gate knows which hosts a rule names exactly (no wildcard, not a bare rule)", () => {
    const p = gate("default", [
      "web_fetch(domain:127.0.0.1)",
      "web_fetch(domain:*.corp.example)",
      "web_fetch",
    ]);
    expect(p.explicitlyAllowedHost("web_fetch", "127.0.0.1")).toBe(true);
    expect(p.explicitlyAllowedHost("web_fetch", "wiki.corp.example")).toBe(false);
    expect(p.explicitlyAllowedHost("web_fetch", "localhost")).toBe(false);
    expect(p.explicitlyAllowedHost("other_tool", "127.0.0.1")).toBe(false);
  });
});

describe("todo_write permissions", () => {
  it("runs in every mode, plan included; a deny rule still refuses it", async () => {
    for (const mode of ["default", "auto", "accept-edits", "plan", "yolo"] as const) {
      expect((await gate(mode).decide("todo_write", { todos: [] })).behavior, mode).toBe("allow");
    }
    expect((await gate("yolo", [], ["TodoWrite"]).decide("todo_write", {})).behavior).toBe("deny");
  });
});
