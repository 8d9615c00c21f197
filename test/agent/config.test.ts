import { describe, expect, it } from "vitest";
import { resolveConnection, resolveSettings } from "../../src/config.js";
import { PLACEHOLDER_API_KEY } from "../../src/providers/api-keys.js";

describe("resolveSettings: defaults < environment < flags", () => {
  it("uses defaults", () => {
    const s = resolveSettings({}, {}, "/home/u/p");
    expect(s).toMatchObject({
      model: "gpt-4o",
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
      "No API key for openai: set OPENAI_API_KEY (or ANTHROPIC_API_KEY), or pass --api-key; for a local server pass --base-url",
    );
    expect(() => resolveConnection({ model: "claude-x" }, { OPENAI_API_KEY: "k" })).toThrow(
      /No API key for anthropic/,
    );
  });
});
