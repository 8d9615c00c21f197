// The CLI's flags and the SDK's options through resolveRunConfig(): defaults, the working directory,
// bad values, the model prefix, and the values each front end takes. The priority of every key at
// every layer is test/run/options.test.ts.
import { describe, expect, it } from "vitest";
import { type CliFlags, resolveCliSettings } from "../../src/cli/cli-settings.js";
import { defaultModelFor, resolveConnection } from "../../src/connection.js";
import { ConfigError, UsageError } from "../../src/errors.js";
import { PLACEHOLDER_API_KEY } from "../../src/providers/api-keys.js";
import { resolveRunConfig } from "../../src/run/config.js";
import { type Env, loadSettings } from "../../src/settings/index.js";
import { makeSettingsFixture } from "../settings/helpers.js";

const fixture = makeSettingsFixture();
/** Flags over the environment (no settings files), as the CLI resolves them. */
async function resolveSettings(flags: CliFlags, env: Env, cwd: string) {
  const loaded = await loadSettings({ cwd: fixture.project, home: fixture.home, env, files: false });
  return resolveCliSettings(flags, env, cwd, loaded);
}

describe("resolveCliSettings: defaults < environment < flags", () => {
  it("uses defaults", async () => {
    const s = await resolveSettings({}, {}, "/home/u/p");
    expect(s).toMatchObject({
      model: undefined,
      modelFromFlag: false,
      workingDir: "/home/u/p",
      maxTurns: 100,
      tags: [],
      json: false,
      reasoningEffort: undefined,
      compaction: { enabled: true },
    });
    expect(s.permissions.mode).toBe("default");
  });
  it("environment over defaults, flags over environment", async () => {
    expect((await resolveSettings({}, { AGENIX_MODEL: "gpt-4.1" }, "/")).model).toBe("gpt-4.1");
    const s = await resolveSettings(
      { model: "claude-sonnet-4", maxTurns: "7" },
      { AGENIX_MODEL: "gpt-4.1" },
      "/",
    );
    expect(s).toMatchObject({ model: "claude-sonnet-4", modelFromFlag: true, maxTurns: 7 });
  });
  it("resolves the working dir against cwd and ~", async () => {
    expect((await resolveSettings({ workingDir: "../x" }, {}, "/a/b")).workingDir).toBe("/a/x");
    expect((await resolveSettings({ workingDir: "~/proj" }, { HOME: "/home/u" }, "/")).workingDir).toBe(
      "/home/u/proj",
    );
  });
  it("rejects bad --max-turns and providers", async () => {
    for (const bad of ["0", "-1", "1.5", "abc", ""]) {
      await expect(resolveSettings({ maxTurns: bad }, {}, "/")).rejects.toThrow(/Invalid --max-turns/);
    }
    await expect(resolveSettings({ provider: "gemini" }, {}, "/")).rejects.toThrow(
      /Unknown provider: gemini/,
    );
  });
  it("a model prefix names the provider; a conflicting --provider is refused", async () => {
    expect(await resolveSettings({ model: "anthropic/claude-x" }, {}, "/")).toMatchObject({
      model: "claude-x",
      provider: "anthropic",
    });
    await expect(
      resolveSettings({ model: "anthropic/claude-x", provider: "openai" }, {}, "/"),
    ).rejects.toThrow(/conflicts with the model's prefix/);
    await expect(resolveSettings({ model: "gemini/x" }, {}, "/")).rejects.toThrow(UsageError);
  });
  it("--reasoning-effort and AGENIX_REASONING_EFFORT: one parser, any case, none is off", async () => {
    expect((await resolveSettings({ reasoningEffort: "HIGH" }, {}, "/")).reasoningEffort).toBe("high");
    expect((await resolveSettings({}, { AGENIX_REASONING_EFFORT: "Low" }, "/")).reasoningEffort).toBe("low");
    expect(
      (await resolveSettings({ reasoningEffort: "medium" }, { AGENIX_REASONING_EFFORT: "low" }, "/"))
        .reasoningEffort,
    ).toBe("medium");
    expect(
      (await resolveSettings({ reasoningEffort: "none" }, { AGENIX_REASONING_EFFORT: "low" }, "/"))
        .reasoningEffort,
    ).toBeUndefined();
    await expect(resolveSettings({ reasoningEffort: "max" }, {}, "/")).rejects.toThrow(UsageError);
    await expect(resolveSettings({}, { AGENIX_REASONING_EFFORT: "max" }, "/")).rejects.toThrow(ConfigError);
  });
  it("AGENIX_CONTEXT_WINDOW is parsed once, with its name in the error; a reserve must fit the window", async () => {
    for (const value of ["abc", "-1", "0"]) {
      await expect(resolveSettings({}, { AGENIX_CONTEXT_WINDOW: value }, "/")).rejects.toThrow(
        new ConfigError(
          `Invalid AGENIX_CONTEXT_WINDOW: ${JSON.stringify(value)} (expected a positive number of tokens, e.g. 128000)`,
        ),
      );
    }
    expect(
      (await resolveSettings({}, { AGENIX_CONTEXT_WINDOW: "8_000" }, "/")).compaction.contextWindow,
    ).toBe(8000);
    const loaded = await loadSettings({ cwd: fixture.project, home: fixture.home, env: {}, files: false });
    const sdk = (compaction: Record<string, unknown>, env: Env = {}) =>
      resolveRunConfig({ front: "sdk", options: compaction, env, loaded, workingDir: "/" });
    expect(() => sdk({ contextWindow: 8000, reserveTokens: 9000 })).toThrow(
      /compaction.reserveTokens \(9000\) must be smaller than the context window/,
    );
    expect(() => sdk({ reserveTokens: 9000 }, { AGENIX_CONTEXT_WINDOW: "8000" })).toThrow(
      /compaction.reserveTokens/,
    );
    expect(() => sdk({ contextWindow: 8000, keepRecentTokens: 8000 })).toThrow(/compaction.keepRecentTokens/);
    expect(() => sdk({ reserveTokens: -3 })).toThrow(/Invalid compaction.reserveTokens/);
    expect(sdk({ autoCompact: true }, { AGENIX_AUTO_COMPACT: "OFF" }).compaction.enabled).toBe(false);
  });
});

describe("resolveConnection", () => {
  it("infers the provider from the model and picks that provider's key", () => {
    const env = { OPENAI_API_KEY: "sk-o", ANTHROPIC_API_KEY: "sk-a", AGENIX_API_KEY: "sk-g" };
    expect(resolveConnection({ model: "gpt-4o" }, env)).toEqual({
      provider: "openai",
      apiKey: "sk-o",
      baseUrl: undefined,
    });
    expect(resolveConnection({ model: "claude-3-5-sonnet" }, env)).toMatchObject({
      provider: "anthropic",
      apiKey: "sk-a",
    });
    expect(resolveConnection({ model: "claude-x" }, { AGENIX_API_KEY: "sk-g" }).apiKey).toBe("sk-g");
    expect(resolveConnection({ model: "gpt-4o", apiKey: "flag" }, env).apiKey).toBe("flag");
    expect(resolveConnection({ model: "llama3", provider: "anthropic" }, env).provider).toBe("anthropic");
  });
  it("takes base URLs from flags, then the provider's variables", () => {
    expect(
      resolveConnection({ model: "m" }, { OPENAI_API_BASE: "http://b", OPENAI_API_KEY: "k" }).baseUrl,
    ).toBe("http://b");
    expect(
      resolveConnection(
        { model: "m" },
        { OPENAI_BASE_URL: "http://a", OPENAI_API_BASE: "http://b", OPENAI_API_KEY: "k" },
      ).baseUrl,
    ).toBe("http://a");
    expect(
      resolveConnection(
        { model: "claude-x" },
        { ANTHROPIC_BASE_URL: "http://c", OPENAI_BASE_URL: "http://a" },
      ).baseUrl,
    ).toBe("http://c");
    expect(
      resolveConnection({ model: "m", baseUrl: "http://flag" }, { OPENAI_BASE_URL: "http://a" }),
    ).toEqual({
      provider: "openai",
      apiKey: PLACEHOLDER_API_KEY,
      baseUrl: "http://flag",
    });
  });
  it("fails with an actionable error when there is neither key nor base URL", () => {
    expect(() => resolveConnection({ model: "gpt-4o" }, {})).toThrow(
      /^No model provider is set up\. Any one of these works:\n {2}- set OPENAI_API_KEY .*\n {2}- set ANTHROPIC_API_KEY .*\n {2}- run a local OpenAI-compatible server .*--base-url/,
    );
    expect(() => resolveConnection({ model: "claude-x" }, { OPENAI_API_KEY: "k" })).toThrow(
      "No API key for Anthropic (model claude-x): set ANTHROPIC_API_KEY or pass --api-key; OPENAI_API_KEY is set, so a GPT model works: --model gpt-4o; for a local server pass --base-url",
    );
  });

  it("never tells the user to set a key that is already set", () => {
    for (const [model, env] of [
      ["gpt-4o", { ANTHROPIC_API_KEY: "a" }],
      ["claude-x", { OPENAI_API_KEY: "o" }],
    ] as const) {
      let message = "";
      try {
        resolveConnection({ model }, env);
      } catch (error) {
        message = (error as Error).message;
      }
      const setKey = Object.keys(env)[0]!;
      expect(message).toContain(`${setKey} is set`);
      expect(message).not.toMatch(new RegExp(`set ${setKey} or`));
    }
  });
});

describe("defaultModelFor: the first provider whose key is set", () => {
  it.each([
    [{}, undefined],
    [{ OPENAI_API_KEY: "o" }, "gpt-4o"],
    [{ ANTHROPIC_API_KEY: "a" }, "claude-sonnet-4-6"],
    [{ OPENAI_API_KEY: "o", ANTHROPIC_API_KEY: "a" }, "gpt-4o"],
    [{ AGENIX_API_KEY: "g" }, "gpt-4o"],
    [{ ANTHROPIC_BASE_URL: "http://x" }, "claude-sonnet-4-6"],
    [{ OPENAI_BASE_URL: "http://x" }, "gpt-4o"],
  ])("%j -> %s", (env, model) => {
    expect(defaultModelFor({}, env)).toBe(model);
  });
  it("an explicit provider picks its default", () => {
    expect(defaultModelFor({ provider: "anthropic" }, { OPENAI_API_KEY: "o" })).toBe("claude-sonnet-4-6");
  });
});

describe("resolveCliSettings: flags over the settings files", () => {
  const files = {
    model: "file-model",
    provider: "openai",
    baseUrl: "http://file.example/v1",
    maxTurns: 9,
    systemPrompt: "file prompt",
    appendSystemPrompt: "file append",
  } as const;
  const withFiles = async (flags: CliFlags) => {
    fixture.write("user", files);
    const loaded = await loadSettings({ cwd: fixture.project, home: fixture.home, env: {} });
    return resolveCliSettings(flags, {}, fixture.project, loaded);
  };
  it("takes every value from the files when no flag is given", async () => {
    expect(await withFiles({})).toMatchObject({ ...files, modelFromFlag: false });
  });
  it.each([
    ["model", { model: "flag-model" }, "flag-model"],
    ["provider", { provider: "anthropic" }, "anthropic"],
    ["baseUrl", { baseUrl: "http://flag.example" }, "http://flag.example"],
    ["maxTurns", { maxTurns: "3" }, 3],
    ["systemPrompt", { systemPrompt: "flag prompt" }, "flag prompt"],
    ["appendSystemPrompt", { appendSystemPrompt: "flag append" }, "flag append"],
  ] as const)("a flag wins for %s", async (key, flags, value) => {
    expect((await withFiles(flags))[key]).toBe(value);
  });
});
