import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsError } from "../../src/errors.js";
import { loadSettings } from "../../src/settings/load.js";
import { isTrusted, trustFilePath, trustProject, untrustProject } from "../../src/settings/trust.js";
import { updateSettingsFile } from "../../src/settings/update.js";
import { makeSettingsFixture, type SettingsFixture } from "./helpers.js";

let fx: SettingsFixture;
afterEach(() => fx?.cleanup());

const where = () => ({ cwd: fx.nested, home: fx.home });
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("updateSettingsFile", () => {
  it("creates the file (0600 for user/local), and the next load sees the value", async () => {
    fx = makeSettingsFixture();
    const result = await updateSettingsFile("user", where(), (data) => {
      data.model = "claude-sonnet-4-6";
    });
    expect(result.path).toBe(fx.pathOf("user"));
    expect(readJson(fx.pathOf("user"))).toEqual({ model: "claude-sonnet-4-6" });
    expect(statSync(fx.pathOf("user")).mode & 0o777).toBe(0o600);
    expect((await loadSettings({ cwd: fx.nested, home: fx.home, env: {} })).values.model).toBe(
      "claude-sonnet-4-6",
    );
  });

  it("writing the local file git-ignores it once, keeping the .gitignore's other lines", async () => {
    fx = makeSettingsFixture();
    const gitignore = path.join(fx.project, ".agenix", ".gitignore");
    await updateSettingsFile("local", where(), (data) => {
      data.permissions = { allow: ["bash(npm test*)"] };
    });
    expect(readFileSync(gitignore, "utf8")).toBe("settings.local.json\n");
    writeFileSync(gitignore, "cache/");
    await updateSettingsFile("local", where(), (data) => {
      (data.permissions as { allow: string[] }).allow.push("bash(git diff *)");
    });
    await updateSettingsFile("local", where(), (data) => {
      data.maxTurns = 4;
    });
    expect(readFileSync(gitignore, "utf8")).toBe("cache/\nsettings.local.json\n");
    expect(readJson(fx.pathOf("local")).permissions.allow).toEqual(["bash(npm test*)", "bash(git diff *)"]);
    await updateSettingsFile("project", where(), (data) => {
      data.model = "m";
    });
    expect(statSync(fx.pathOf("project")).mode & 0o777).toBe(0o644);
  });

  it("an invalid result is refused and the old file is left byte for byte", async () => {
    fx = makeSettingsFixture();
    const before = '{\n  "model": "keep-me"\n}\n';
    fx.writeRaw("project", before);
    await expect(
      updateSettingsFile("project", where(), (data) => {
        data.maxTurns = "many";
      }),
    ).rejects.toThrow(/"maxTurns"/);
    await expect(
      updateSettingsFile("project", where(), (data) => {
        data.apiKey = "secret";
      }),
    ).rejects.toThrow(/looks like an API key/);
    expect(readFileSync(fx.pathOf("project"), "utf8")).toBe(before);
  });

  it("a write that fails leaves the old file and no temp file behind", async () => {
    fx = makeSettingsFixture();
    const before = '{"model": "keep-me"}';
    fx.writeRaw("user", before);
    const error = await updateSettingsFile("user", where(), (data) => {
      data.model = "new";
      data.extra = 10n; // an unknown key is only a warning, but it cannot be serialised: the write fails
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toContain("the file is unchanged");
    expect(readFileSync(fx.pathOf("user"), "utf8")).toBe(before);
    expect(readdirSync(path.dirname(fx.pathOf("user")))).toEqual(["settings.json"]);
  });

  it("a file with invalid JSON is not overwritten", async () => {
    fx = makeSettingsFixture();
    fx.writeRaw("user", '{"model": }');
    await expect(updateSettingsFile("user", where(), () => {})).rejects.toThrow(/line 1, column 11/);
    expect(readFileSync(fx.pathOf("user"), "utf8")).toBe('{"model": }');
  });

  it("concurrent updates all land (the file lock serialises them)", async () => {
    fx = makeSettingsFixture();
    const names = Array.from({ length: 25 }, (_, i) => `VAR_${i}`);
    await Promise.all(
      names.map((name) =>
        updateSettingsFile("user", where(), (data) => {
          data.shell ??= { env: { passThrough: [] } };
          const shell = data.shell as { env: { passThrough: string[] } };
          shell.env.passThrough.push(name);
        }),
      ),
    );
    expect(readJson(fx.pathOf("user")).shell.env.passThrough.sort()).toEqual([...names].sort());
    expect(existsSync(`${fx.pathOf("user")}.lock`)).toBe(false);
  });

  it("a stale lock left by a dead process is taken over", async () => {
    fx = makeSettingsFixture();
    fx.write("user", {});
    writeFileSync(`${fx.pathOf("user")}.lock`, "999999999");
    await updateSettingsFile("user", where(), (data) => {
      data.model = "m";
    });
    expect(readJson(fx.pathOf("user")).model).toBe("m");
  });
});

describe("trust file", () => {
  it("remembers and forgets projects, keeping the others", async () => {
    fx = makeSettingsFixture();
    const home = { home: fx.home };
    expect(await isTrusted(fx.project, home)).toBe(false);
    await trustProject(fx.project, home);
    await trustProject(fx.home, home);
    expect(await isTrusted(fx.project, home)).toBe(true);
    expect(statSync(trustFilePath(home)).mode & 0o777).toBe(0o600);
    await untrustProject(fx.project, home);
    expect(await isTrusted(fx.project, home)).toBe(false);
    expect(await isTrusted(fx.home, home)).toBe(true);
  });

  it("an unreadable trust file trusts nothing", async () => {
    fx = makeSettingsFixture();
    mkdirSync(path.dirname(trustFilePath({ home: fx.home })), { recursive: true });
    writeFileSync(trustFilePath({ home: fx.home }), "{oops");
    expect(await isTrusted(fx.project, { home: fx.home })).toBe(false);
  });
});
