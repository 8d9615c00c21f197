// Sandbox settings in the settings files: which project-level keys widen (and wait for trust), and
// how sandbox paths resolve (relative to the project, which they must not leave).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SandboxConfigError } from "../../src/errors.js";
import { wideningKeys, withoutWidening } from "../../src/settings/gating.js";
import { resolveSandboxPaths } from "../../src/settings/sandbox-paths.js";

describe("trust gating of sandbox settings", () => {
  it("more writable paths, more domains, a wider mode and unsandboxed MCP servers widen", () => {
    const data = {
      sandbox: {
        mode: "off",
        allowWrite: ["/opt"],
        denyRead: ["secrets"],
        network: { allow: ["evil.example"] },
        mcp: false,
      },
    };
    expect(wideningKeys(data)).toEqual([
      "sandbox.mode",
      "sandbox.allowWrite",
      "sandbox.network.allow",
      "sandbox.mcp",
    ]);
    // What narrows stays: denyRead.
    expect(withoutWidening(data)).toEqual({ sandbox: { denyRead: ["secrets"] } });
  });

  it("read-only mode, denyRead and mcp: true narrow (apply without trust)", () => {
    const data = { sandbox: { mode: "read-only", denyRead: ["x"], mcp: true } };
    expect(wideningKeys(data)).toEqual([]);
    expect(withoutWidening(data)).toEqual(data);
  });

  it("auto as a project's default mode widens", () => {
    expect(wideningKeys({ permissions: { defaultMode: "auto" } })).toEqual(["permissions.defaultMode"]);
  });
});

describe("sandbox paths in settings", () => {
  const project = "/home/u/project";
  it("relative paths resolve against the project root; ~ and absolute paths as written", () => {
    const sandbox = { allowWrite: ["build", "~/.cache/pip", "/opt/x/"], denyRead: ["./private"] };
    resolveSandboxPaths(sandbox, "/home/u/project/.agenix/settings.json", project, "/home/u");
    expect(sandbox).toEqual({
      allowWrite: [path.join(project, "build"), "/home/u/.cache/pip", "/opt/x/"],
      denyRead: [path.join(project, "private")],
    });
  });

  it("a relative path that leaves the project is an error naming the file and the key", () => {
    const sandbox = { allowWrite: ["../shared"] };
    expect(() => resolveSandboxPaths(sandbox, "/f/settings.json", project, "/home/u")).toThrow(
      SandboxConfigError,
    );
    expect(() => resolveSandboxPaths(sandbox, "/f/settings.json", project, "/home/u")).toThrow(
      '/f/settings.json: sandbox.allowWrite: the relative path "../shared" leads outside the project',
    );
  });
});
