// The provider key is not readable by agenix's children: a tool call reading agenix's own
// /proc/<pid>/environ and /proc/<pid>/cmdline (and its own environment) finds no key, while the
// request to the provider still carries it.
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const SNOOP =
  "tr '\\0' '\\n' < /proc/$PPID/environ; echo ---cmdline; tr '\\0' ' ' < /proc/$PPID/cmdline; echo; echo ---env; env";

async function snoop(env: NodeJS.ProcessEnv, args: string[] = []): Promise<string> {
  server.push(
    { text: "", toolCalls: [{ id: "call_1", name: "bash", arguments: { command: SNOOP } }] },
    { text: "done" },
  );
  const result = await runAgenix(["look", "--permission-mode", "yolo", ...args], { cwd: home.workDir, env });
  expect(result.code, result.stderr).toBe(0);
  const tool = readSession(sessionFiles(home)[0]!).messages.find((m: { role: string }) => m.role === "tool");
  expect(tool.is_error).toBe(false);
  return tool.content as string;
}

describe("the provider key and agenix's children", () => {
  it("OPENAI_API_KEY, ANTHROPIC_API_KEY and AGENIX_API_KEY are not in /proc/$PPID/environ or env; the request authenticates", async () => {
    const env = {
      ...home.env,
      OPENAI_BASE_URL: server.openaiBaseUrl,
      OPENAI_API_KEY: "sk-openai-secret-4711",
      ANTHROPIC_API_KEY: "sk-ant-secret-4712",
      AGENIX_API_KEY: "agenix-secret-4713",
      KEEP_ME_VISIBLE: "visible-value",
    };
    const output = await snoop(env);
    // The snoop really read agenix's environment block (an ordinary variable is there) ...
    expect(output.split("---cmdline")[0]).toContain("KEEP_ME_VISIBLE=visible-value");
    // ... and no key value anywhere: not in the block, the command line or the tool's own env.
    for (const secret of ["sk-openai-secret-4711", "sk-ant-secret-4712", "agenix-secret-4713"])
      expect(output).not.toContain(secret);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer sk-openai-secret-4711",
      "Bearer sk-openai-secret-4711",
    ]);
  });

  it("an --api-key value is not in /proc/$PPID/cmdline; the request authenticates with it", async () => {
    const env = { ...home.env, OPENAI_BASE_URL: server.openaiBaseUrl };
    const output = await snoop(env, ["--api-key", "sk-flag-secret-4714"]);
    expect(output).toContain("--api-key");
    expect(output).not.toContain("sk-flag-secret-4714");
    expect(server.requests[0]!.headers.authorization).toBe("Bearer sk-flag-secret-4714");
  });
});
