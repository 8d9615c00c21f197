// `agenix config list|get|set|unset|trust` through the built binary in a temp HOME.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { binPath, makeTempHome, runAgenix, type TempHome } from "../support/cli.js";

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
  mkdirSync(path.join(home.workDir, ".git"));
});
afterEach(() => home.cleanup());

const config = (...args: string[]) => runAgenix(["config", ...args], { cwd: home.workDir, env: home.env });
const userFile = () => path.join(home.home, ".agenix", "settings.json");
const projectFile = () => path.join(home.workDir, ".agenix", "settings.json");
const localFile = () => path.join(home.workDir, ".agenix", "settings.local.json");
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("agenix config", () => {
  it("set writes the chosen file (default --user), parsing JSON values and keeping text as strings", async () => {
    expect((await config("set", "model", "claude-sonnet-4-6")).stdout).toBe(
      `Set model = "claude-sonnet-4-6" in ${userFile()}\n`,
    );
    expect((await config("set", "maxTurns", "20", "--project")).code).toBe(0);
    expect((await config("set", "permissions.allow", '["bash(npm test*)"]', "--local")).code).toBe(0);
    expect((await config("set", "compaction.enabled", "false", "--project")).code).toBe(0);
    expect((await config("set", "systemPrompt", "1234")).code).toBe(0); // a string key keeps the text
    expect(json(userFile())).toEqual({ model: "claude-sonnet-4-6", systemPrompt: "1234" });
    expect(json(projectFile())).toEqual({ maxTurns: 20, compaction: { enabled: false } });
    expect(json(localFile())).toEqual({ permissions: { allow: ["bash(npm test*)"] } });
    expect(readFileSync(path.join(home.workDir, ".agenix", ".gitignore"), "utf8")).toBe(
      "settings.local.json\n",
    );
  });

  it("get prints the effective value or one file's, and says when a key is not set", async () => {
    await config("set", "maxTurns", "20");
    await config("set", "maxTurns", "30", "--project");
    expect((await config("get", "maxTurns")).stdout).toBe("30\n");
    expect((await config("get", "maxTurns", "--user")).stdout).toBe("20\n");
    const missing = await config("get", "model");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("model is not set (in any settings file or the environment)\n");
    await config("set", "permissions.allow", '["read"]', "--project");
    const ignored = await config("get", "permissions.allow");
    expect(ignored.code).toBe(1);
    expect(ignored.stderr).toContain("ignored until you trust");
    expect((await config("get", "permissions.allow", "--project")).stdout).toBe('[\n  "read"\n]\n');
  });

  it("list shows each effective key, its value and where it came from", async () => {
    await config("set", "model", "m-user");
    await config("set", "permissions.deny", '["bash(rm *)"]');
    await config("set", "permissions.deny", '["bash(curl *)"]', "--local");
    await config("set", "model", "m-local", "--local");
    const list = await runAgenix(["config", "list"], {
      cwd: home.workDir,
      env: { ...home.env, AGENIX_MAX_TURNS: "7" },
    });
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.split("\n");
    expect(lines[0]).toBe("Effective settings (environment < user < project < local < flags):");
    expect(lines.find((l) => l.includes("maxTurns"))).toMatch(/maxTurns +7 +environment AGENIX_MAX_TURNS$/);
    expect(lines.find((l) => l.includes(" model"))).toMatch(/model +"m-local" +local$/);
    expect(lines.find((l) => l.includes("permissions.deny"))).toMatch(
      /permissions\.deny +\["bash\(rm \*\)","bash\(curl \*\)"\] +user \+ local \(lists add up\)$/,
    );
    expect(list.stdout).toContain(`  user     ${userFile()}\n`);
  });

  it("unset removes the key and any object it empties", async () => {
    await config("set", "compaction.enabled", "true");
    await config("set", "model", "m");
    expect((await config("unset", "compaction.enabled")).stdout).toBe(
      `Removed compaction.enabled from ${userFile()}\n`,
    );
    expect(json(userFile())).toEqual({ model: "m" });
    expect((await config("unset", "compaction.enabled")).stderr).toContain("is not set in");
  });

  it("refuses API keys, unknown keys, bad values and two scopes, leaving the file as it was", async () => {
    await config("set", "model", "keep");
    const before = readFileSync(userFile(), "utf8");
    const key = await config("set", "apiKey", "sk-whatever");
    expect(key.code).toBe(1);
    expect(key.stderr).toContain('"apiKey" looks like an API key');
    expect(key.stderr).toContain("environment");
    const unknown = await config("set", "modle", "x");
    expect(unknown.code).toBe(2); // usage: a malformed value (docs/cli.md, exit codes)
    expect(unknown.stderr).toMatch(
      /^Error: Unknown settings key: "modle" \(did you mean "model"\? known: model, /,
    );
    expect((await config("set", "permissions.alow", '["read"]')).stderr).toContain(
      "Unknown settings key: permissions.alow",
    );
    const bad = await config("set", "maxTurns", "-3");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"maxTurns"');
    expect((await config("set", "model", "x", "--user", "--local")).stderr).toContain(
      "Pick one of --user, --project, --local",
    );
    expect(readFileSync(userFile(), "utf8")).toBe(before);
  });

  it("a write that fails part-way (file size limit) leaves the old file and no temp file", async () => {
    await config("set", "systemPrompt", "short");
    const before = readFileSync(userFile(), "utf8");
    const big = "x".repeat(8000);
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      // ulimit -f 2: writes past 2 KiB fail with EFBIG, in the middle of writing the temp file.
      const child = spawn(
        "bash",
        ["-c", `ulimit -f 2; exec "${process.execPath}" "${binPath}" config set systemPrompt "${big}"`],
        {
          cwd: home.workDir,
          env: home.env,
        },
      );
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(run.code).not.toBe(0);
    expect(readFileSync(userFile(), "utf8")).toBe(before);
    expect(readdirSync(path.dirname(userFile())).sort()).toEqual(["settings.json"]);
  });

  it("concurrent sets from several processes all land in one valid file", async () => {
    const names = Array.from({ length: 8 }, (_, i) => `server${i}`);
    const runs = await Promise.all(
      names.map((name) => config("set", `mcpServers.${name}`, `{"command": "${name}-bin"}`, "--project")),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const servers = json(projectFile()).mcpServers;
    expect(Object.keys(servers).sort()).toEqual(names);
    expect(readdirSync(path.dirname(projectFile()))).toEqual(["settings.json"]);
  });

  it("an invalid settings file is reported by every config command and never overwritten", async () => {
    mkdirSync(path.dirname(userFile()), { recursive: true });
    writeFileSync(userFile(), '{"model": "x",,}');
    const list = await config("list");
    expect(list.code).toBe(1);
    expect(list.stderr).toBe(
      `Error: ${userFile()}: invalid JSON at line 1, column 15: unexpected "," (expected a "quoted" key). Fix the file, or remove it.\n`,
    );
    expect((await config("set", "maxTurns", "3")).code).toBe(1);
    expect(readFileSync(userFile(), "utf8")).toBe('{"model": "x",,}');
  });
});
