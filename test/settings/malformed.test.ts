import { afterEach, describe, expect, it } from "vitest";
import { SettingsError } from "../../src/errors.js";
import { locateJsonError } from "../../src/settings/json-location.js";
import { loadSettings } from "../../src/settings/load.js";
import { makeSettingsFixture, type SettingsFixture } from "./helpers.js";

let fx: SettingsFixture;
afterEach(() => fx?.cleanup());

const load = (env: Record<string, string> = {}) => loadSettings({ cwd: fx.project, home: fx.home, env });

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("malformed settings files", () => {
  it.each([
    ['{\n  "model": "x",\n  "maxTurns": 3,\n}\n', 4, 1, "trailing comma"],
    ['{\n  "model": "x"\n  "maxTurns": 3\n}', 3, 3, "expected ',' or '}'"],
    ['{\n  model: "x"\n}', 2, 3, 'expected a "quoted" key'],
    ['{"model": "unterminated\n}', 1, 24, "unterminated string"],
    ["", 1, 1, "empty"],
    ['{"a": 1} x', 1, 10, "after the end"],
  ])("invalid JSON names the file, line and column: %j", async (text, line, column, reason) => {
    fx = makeSettingsFixture();
    const file = fx.writeRaw("project", text);
    const error = await errorOf(load());
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain(file);
    expect(error.message).toContain(`line ${line}, column ${column}`);
    expect(error.message).toContain(reason);
  });

  it("the locator agrees with JSON.parse on valid input", () => {
    expect(locateJsonError('{"a": [1, 2.5e3, true, null, "\\u00e9"]}').reason).toBe("invalid JSON");
  });

  it.each([
    [{ maxTurns: "ten" }, '"maxTurns"'],
    [{ maxTurns: 0 }, '"maxTurns"'],
    [{ model: 42 }, '"model"'],
    [{ provider: "gemini" }, '"provider"'],
    [{ permissions: { allow: "bash(ls)" } }, '"permissions.allow"'],
    [{ permissions: { defaultMode: "fast" } }, '"permissions.defaultMode"'],
    [{ compaction: { contextWindow: -1 } }, '"compaction.contextWindow"'],
    [{ mcpServers: { gh: { args: ["x"] } } }, '"mcpServers.gh"'],
    [{ baseUrl: "not a url" }, '"baseUrl"'],
    [{ shell: { env: { passThrough: ["BAD NAME"] } } }, '"shell.env.passThrough.0"'],
    [["model"], "expected a JSON object"],
  ])("a wrong type names the file and the key: %j", async (data, key) => {
    fx = makeSettingsFixture();
    const file = fx.write("user", data);
    const error = await errorOf(load());
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain(file);
    expect(error.message).toContain(key);
  });

  it("an unknown key is a warning naming the file (with a suggestion), and the rest applies", async () => {
    fx = makeSettingsFixture();
    const file = fx.write("local", { modle: "x", maxTurns: 7, permissions: { alow: ["read"] } });
    const loaded = await load();
    expect(loaded.values).toEqual({ maxTurns: 7 });
    expect(loaded.warnings).toEqual([
      `${file}: unknown key "modle" (ignored; did you mean "model"?)`,
      `${file}: unknown key "permissions.alow" (ignored)`,
    ]);
  });

  it.each([
    [{ apiKey: "abc" }, '"apiKey" looks like an API key'],
    [{ OPENAI_API_KEY: "abc" }, '"OPENAI_API_KEY" looks like an API key'],
    [
      { mcpServers: { gh: { command: "x", env: { GITHUB_API_KEY: "abc" } } } },
      "mcpServers.gh.env.GITHUB_API_KEY",
    ],
    [{ systemPrompt: "sk-proj-abcdefghijklmnopqrstuvwx" }, '"systemPrompt" holds what looks like an API key'],
    [
      {
        mcpServers: {
          gh: { url: "https://mcp.example/x", headers: { Authorization: "Bearer abcdefghijklmnop" } },
        },
      },
      '"mcpServers.gh.headers.Authorization" holds what looks like an API key',
    ],
  ])("an API key is refused, pointing to the environment: %j", async (data, text) => {
    fx = makeSettingsFixture();
    const file = fx.write("project", data);
    const error = await errorOf(load());
    expect(error.message).toContain(file);
    expect(error.message).toContain(text);
    expect(error.message).toContain("environment");
  });

  it("an MCP server may reference a key by variable name", async () => {
    fx = makeSettingsFixture();
    fx.write("project", {
      mcpServers: { h: { url: "https://mcp.example/x", headers: { Authorization: "Bearer $TOKEN" } } },
    });
    fx.write("user", { mcpServers: { gh: { command: "x", env: { GITHUB_API_KEY: "$GITHUB_API_KEY" } } } });
    expect((await load()).values.mcpServers?.gh).toEqual({
      command: "x",
      env: { GITHUB_API_KEY: "$GITHUB_API_KEY" },
    });
  });

  it.each([
    ["AGENIX_MAX_TURNS", "many"],
    ["AGENIX_PROVIDER", "gemini"],
    ["AGENIX_PERMISSION_MODE", "fast"],
  ])("an invalid environment value names the variable: %s", async (name, value) => {
    fx = makeSettingsFixture();
    const error = await errorOf(load({ [name]: value }));
    expect(error.message).toContain(`Invalid ${name}`);
  });
});
