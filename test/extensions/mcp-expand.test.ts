// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are ${VAR} references on purpose
import { describe, expect, it } from "vitest";
import { expandServerConfig } from "../../src/extensions/mcp/expand.js";
import { McpManager } from "../../src/extensions/mcp/manager.js";

describe("MCP server configs: $VAR references", () => {
  const env = { TOKEN: "t0k3n", HOME: "/home/ada", EMPTY: "" };

  it("fills $VAR, ${VAR} and ${VAR:-default} in command, args, env, url and headers", () => {
    expect(
      expandServerConfig(
        { command: "$HOME/bin/srv", args: ["--token=${TOKEN}", "${PORT:-8080}"], env: { T: "$TOKEN" } },
        env,
      ),
    ).toEqual({
      config: { command: "/home/ada/bin/srv", args: ["--token=t0k3n", "8080"], env: { T: "t0k3n" } },
      missing: [],
    });
    expect(
      expandServerConfig(
        { url: "https://${HOST:-mcp.example.com}/mcp", headers: { Authorization: "Bearer $TOKEN" } },
        env,
      ),
    ).toEqual({
      config: { url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer t0k3n" } },
      missing: [],
    });
  });

  it("a variable that is not set (or empty) keeps the server from starting, naming the variable; the display keeps the reference", () => {
    expect(expandServerConfig({ command: "srv", env: { A: "$NOPE", B: "${EMPTY}" } }, env).missing).toEqual([
      "NOPE",
      "EMPTY",
    ]);
    const manager = new McpManager(
      { gh: { command: "srv", env: { T: "$GH_TOKEN" } }, ok: { command: "srv", args: ["$TOKEN"] } },
      { cwd: "/", env },
    );
    expect(manager.invalid).toEqual([{ name: "gh", error: "$GH_TOKEN is not set in the environment" }]);
    expect(manager.connections.map((c) => c.display)).toEqual(["stdio: srv $TOKEN"]);
  });
});
