// The sandbox's command line: doctor, `agenix sandbox -- <command>`, a machine without bubblewrap,
// bad settings, and escalation ("sandbox": false) refused in print mode.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { runIn, sandboxEnv, scriptBash, toolResultsOnWire } from "./sandbox-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

/** A PATH with node, bash and the basic tools, but no bwrap. */
function pathWithoutBwrap(): string {
  const bin = path.join(home.home, "bin-no-bwrap");
  mkdirSync(bin, { recursive: true });
  for (const tool of ["bash", "sh", "env", "cat", "echo", "ls", "touch"]) {
    for (const dir of ["/usr/bin", "/bin"]) {
      if (existsSync(path.join(dir, tool)) && !existsSync(path.join(bin, tool))) {
        symlinkSync(path.join(dir, tool), path.join(bin, tool));
      }
    }
  }
  return bin;
}

function writeSettings(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data));
}

describe("agenix sandbox doctor", () => {
  it("exit 0 when the sandbox works, naming what it checked", async () => {
    const result = await runIn(home, ["sandbox", "doctor"], sandboxEnv(home, server));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ok +bubblewrap: \/.*bwrap/);
    expect(result.stdout).toMatch(/ok +network namespace/);
    // A real connect from inside: refused by the seccomp filter (EPERM), not merely a missing file.
    expect(result.stdout).toMatch(/ok +unix sockets: blocked \(seccomp\)/);
    expect(result.stdout).toContain("The sandbox works");
  });

  it("without bubblewrap: exit 1 and the command that installs it", async () => {
    const env = sandboxEnv(home, server, { PATH: pathWithoutBwrap() });
    const result = await runIn(home, ["sandbox", "doctor"], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/MISSING bubblewrap: bwrap is not on PATH/);
    expect(result.stdout).toMatch(/fix: .*(apt-get install bubblewrap|bubblewrap)/);
  });
});

describe("a machine without bubblewrap", () => {
  it("default: one notice, permission mode default, commands not run without asking", async () => {
    scriptBash(server, { command: "touch made-by-model.txt" });
    const env = sandboxEnv(home, server, { PATH: pathWithoutBwrap() });
    const result = await runIn(home, ["-p", "--output-format", "json", "go"], env);
    expect(result.code, result.stderr).toBe(0);
    const notices = result.stderr.split("\n").filter((l) => l.startsWith("Sandbox unavailable:"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("agenix sandbox doctor");
    expect(JSON.parse(result.stdout)).toMatchObject({ sandbox: "off", permission_mode: "default" });
    expect(existsSync(path.join(home.workDir, "made-by-model.txt"))).toBe(false);
  });

  it("--sandbox workspace-write or --permission-mode auto: exit 2 before any request", async () => {
    const env = sandboxEnv(home, server, { PATH: pathWithoutBwrap() });
    for (const flags of [
      ["--sandbox", "workspace-write"],
      ["--permission-mode", "auto"],
    ]) {
      const result = await runIn(home, ["-p", ...flags, "go"], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^Error: .*cannot start: bubblewrap \(bwrap\) is not installed/m);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("bad sandbox input: exit 2 naming the setting, nothing runs", () => {
  it("an unknown mode (flag, environment, settings)", async () => {
    const flag = await runIn(home, ["-p", "--sandbox", "loose", "go"], sandboxEnv(home, server));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      'invalid --sandbox "loose": expected one of workspace-write, read-only, off',
    );
    const env = await runIn(home, ["-p", "go"], sandboxEnv(home, server, { AGENIX_SANDBOX: "strict" }));
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('invalid AGENIX_SANDBOX "strict"');
    writeSettings(path.join(home.home, ".agenix", "settings.json"), { sandbox: { mode: "open" } });
    const file = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/invalid sandbox\.mode in .*settings\.json "open"/);
    expect(server.requests).toHaveLength(0);
  });

  it("a malformed domain pattern", async () => {
    writeSettings(path.join(home.home, ".agenix", "settings.json"), {
      sandbox: { network: { allow: ["https://registry.npmjs.org/"] } },
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("in settings sandbox.network.allow: give a host name, not a URL");
    expect(server.requests).toHaveLength(0);
  });

  it("a relative allowWrite that leads outside the project", async () => {
    writeSettings(path.join(home.workDir, ".agenix", "settings.json"), {
      sandbox: { allowWrite: ["../shared"] },
    });
    const result = await runIn(home, ["-p", "--trust", "go"], sandboxEnv(home, server));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /sandbox\.allowWrite: the relative path "\.\.\/shared" leads outside the project/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("escalation and the sandbox command", () => {
  it('"sandbox": false is refused in print mode (nothing runs outside), unless an allow rule matches', async () => {
    const outside = path.join(home.home, "escalated.txt");
    scriptBash(server, { command: `echo out > ${outside}`, sandbox: false });
    const denied = await runIn(home, ["-p", "--output-format", "json", "go"], sandboxEnv(home, server));
    expect(denied.code, denied.stderr).toBe(0);
    expect(existsSync(outside)).toBe(false);
    expect(JSON.parse(denied.stdout).denied).toHaveLength(1);
    expect(toolResultsOnWire(server)[0]).toMatch(/^Permission denied: .*OUTSIDE the sandbox/);

    scriptBash(server, { command: `echo out > ${outside}`, sandbox: false });
    const allowed = await runIn(
      home,
      ["-p", "--allow", "bash(echo *)", "--allow", `write(${outside})`, "go"],
      sandboxEnv(home, server),
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(readFileSync(outside, "utf8")).toBe("out\n");
  });

  it("--sandbox read-only: the project is read-only too, the temp directory is not", async () => {
    const tmp = path.join(home.home, "tmp", "scratch.txt");
    scriptBash(server, { command: `echo x > in-project.txt; echo y > ${tmp}; true` });
    const result = await runIn(
      home,
      ["-p", "--output-format", "json", "--sandbox", "read-only", "go"],
      sandboxEnv(home, server),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ sandbox: "read-only", permission_mode: "auto" });
    expect(existsSync(path.join(home.workDir, "in-project.txt"))).toBe(false);
    expect(readFileSync(tmp, "utf8")).toBe("y\n");
  });

  it("agenix sandbox -- <command> runs in the tool-call sandbox and returns its exit code", async () => {
    const env = sandboxEnv(home, server);
    const outside = path.join(home.home, "outside.txt");
    const result = await runIn(
      home,
      ["sandbox", "--", "sh", "-c", `echo in > in.txt; echo out > ${outside}; exit 7`],
      env,
    );
    expect(result.code).toBe(7);
    expect(result.stderr).toContain("Read-only file system");
    expect(readFileSync(path.join(home.workDir, "in.txt"), "utf8")).toBe("in\n");
    expect(existsSync(outside)).toBe(false);
  });
});

describe("MCP stdio servers", () => {
  it("a trusted project's server runs in the sandbox; the user's own server does not", async () => {
    const SERVER = path.join(repoRoot, "test/support/mcp-stdio-server.mjs");
    const fromProject = path.join(home.home, "written-by-project-server.txt");
    const fromUser = path.join(home.home, "written-by-user-server.txt");
    writeSettings(path.join(home.workDir, ".agenix", "settings.json"), {
      mcpServers: { proj: { command: process.execPath, args: [SERVER, "--try-write", fromProject] } },
    });
    writeSettings(path.join(home.home, ".agenix", "settings.json"), {
      mcpServers: { mine: { command: process.execPath, args: [SERVER, "--try-write", fromUser] } },
    });
    server.push({ text: "ok" });
    const env = sandboxEnv(home, server, { AGENIX_MCP_WAIT_MS: "60000" });
    const result = await runIn(home, ["-p", "--trust", "go"], env);
    expect(result.code, result.stderr).toBe(0);
    // Both servers came up (their tools were offered), but only the user's could write outside.
    const offered = server.requests[0]!.body.tools.map(
      (t: { function: { name: string } }) => t.function.name,
    );
    expect(offered).toEqual(expect.arrayContaining(["mcp__proj__echo", "mcp__mine__echo"]));
    expect(existsSync(fromProject)).toBe(false);
    expect(readFileSync(fromUser, "utf8")).toBe("written\n");
  });

  it("agenix mcp list starts a project's server in the sandbox too, and says so", async () => {
    const SERVER = path.join(repoRoot, "test/support/mcp-stdio-server.mjs");
    const fromProject = path.join(home.home, "written-by-project-server.txt");
    writeSettings(path.join(home.workDir, ".agenix", "settings.json"), {
      mcpServers: { proj: { command: process.execPath, args: [SERVER, "--try-write", fromProject] } },
    });
    const env = sandboxEnv(home, server, { AGENIX_MCP_WAIT_MS: "60000" });
    const sandboxed = await runIn(home, ["mcp", "list", "--trust"], env);
    expect(sandboxed.code, sandboxed.stderr).toBe(0);
    expect(sandboxed.stdout).toMatch(
      /^proj {2}\(stdio: [^\n]+\) {2}in the sandbox\n {2}status: ready, 3 tools/,
    );
    expect(existsSync(fromProject)).toBe(false);
    // With the sandbox off, the same server runs as configured (and can write outside the project).
    const off = await runIn(home, ["mcp", "list", "--trust"], { ...env, AGENIX_SANDBOX: "off" });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).not.toContain("in the sandbox");
    expect(readFileSync(fromProject, "utf8")).toBe("written\n");
  });
});
