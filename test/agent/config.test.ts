import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../src/config.js";
import { defaultModelFor, resolveConnection } from "../../src/connection.js";
import { PLACEHOLDER_API_KEY } from "../../src/providers/api-keys.js";

describe("resolveSettings: defaults < environment < flags", () => {
  it("uses defaults", () => {
    const s = resolveSettings({}, {}, "/home/u/p");
    expect(s).toMatchObject({
      model: undefined,
      modelFromFlag: false,
      workingDir: "/home/u/p",
      maxTurns: 100,
      tags: [],
      json: false,
    });
  });
  it("environment over defaults, flags over environment", () => {
    expect(resolveSettings({}, { AGENIX_MODEL: "gpt-4.1" }, "/").model).toBe("gpt-4.1");
    const s = resolveSettings({ model: "claude-sonnet-4", maxTurns: "7" }, { AGENIX_MODEL: "gpt-4.1" }, "/");
    expect(s).toMatchObject({ model: "claude-sonnet-4", modelFromFlag: true, maxTurns: 7 });
  });
  it("resolves the working dir against cwd and ~", () => {
    expect(resolveSettings({ workingDir: "../x" }, {}, "/a/b").workingDir).toBe("/a/x");
    expect(resolveSettings({ workingDir: "~/proj" }, { HOME: "/home/u" }, "/").workingDir).toBe(
      "/home/u/proj",
    );
  });
  it("rejects bad --max-turns and providers", () => {
    for (const bad of ["0", "-1", "1.5", "abc", ""]) {
      expect(() => resolveSettings({ maxTurns: bad }, {}, "/")).toThrow(/Invalid --max-turns/);
    }
    expect(() => resolveSettings({ provider: "gemini" }, {}, "/")).toThrow(/Unknown provider: gemini/);
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

describe("resolveSettings: flags over the settings files", () => {
  const files = {
    model: "file-model",
    provider: "openai",
    baseUrl: "http://file.example/v1",
    maxTurns: 9,
    systemPrompt: "file prompt",
    appendSystemPrompt: "file append",
  } as const;
  it("takes every value from the files when no flag is given", () => {
    expect(resolveSettings({}, {}, "/", files)).toMatchObject({ ...files, modelFromFlag: false });
  });
  it.each([
    ["model", { model: "flag-model" }, "flag-model"],
    ["provider", { provider: "anthropic" }, "anthropic"],
    ["baseUrl", { baseUrl: "http://flag.example" }, "http://flag.example"],
    ["maxTurns", { maxTurns: "3" }, 3],
    ["systemPrompt", { systemPrompt: "flag prompt" }, "flag prompt"],
    ["appendSystemPrompt", { appendSystemPrompt: "flag append" }, "flag append"],
  ] as const)("a flag wins for %s", (key, flags, value) => {
    expect(resolveSettings(flags, {}, "/", files)[key]).toBe(value);
  });
});
