// holdProviderKeys(): the keys leave the environment object, and resolving a connection later (a
// /model switch to the other provider, a retry) still finds them.
import { describe, expect, it } from "vitest";
import { resolveConnection } from "../../src/connection.js";
import { holdProviderKeys, providerKey } from "../../src/provider-keys.js";

describe("held provider keys", () => {
  it("moves every key variable out of the environment and still resolves both providers", () => {
    const env: NodeJS.ProcessEnv = {
      OPENAI_API_KEY: "sk-openai-held",
      ANTHROPIC_API_KEY: " sk-ant-held ",
      AGENIX_API_KEY: "",
      PATH: "/usr/bin",
    };
    holdProviderKeys(env, ["node", "agenix"]);
    expect(env).toEqual({ PATH: "/usr/bin" });
    expect(resolveConnection({ model: "gpt-4o" }, env)).toMatchObject({
      provider: "openai",
      apiKey: "sk-openai-held",
    });
    // Switching to the other provider mid-session (/model) finds its key too.
    expect(resolveConnection({ model: "claude-sonnet-4-6" }, env)).toMatchObject({
      provider: "anthropic",
      apiKey: "sk-ant-held",
    });
    expect(providerKey(env, "AGENIX_API_KEY")).toBeUndefined();
    // A key given in an explicit environment (the SDK's, a test's) wins over the held one.
    expect(providerKey({ OPENAI_API_KEY: "sk-explicit" }, "OPENAI_API_KEY")).toBe("sk-explicit");
  });
});
