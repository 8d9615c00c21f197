// Extensions through the real binary against the scripted model: a tool the model calls, a blocked
// tool_call, a rewritten tool_result, and extensions that throw (at load, in a handler) while the
// session goes on. Every declared event fires.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

// TypeScript on purpose (type annotations, an interface): loaded by jiti with no build step.
const GUARD_EXTENSION = `
import type { ExtensionAPI } from "agenix";
interface Shout { text: string }
export default function (api: ExtensionAPI) {
  api.registerTool({
    name: "shout",
    description: "Upper-cases text",
    parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    execute: async (args: Shout) => args.text.toUpperCase() + "!",
  });
  api.on("tool_call", (event) => {
    if (event.name === "bash" && String((event.input as { command?: string }).command).includes("rm -rf")) {
      return { block: true, reason: "no rm -rf here" };
    }
  });
  api.on("tool_result", (event) => {
    if (event.name === "read") return { content: event.content.replaceAll("hunter2", "[hidden]"), isError: event.isError };
  });
}
`;

function writeExtension(name: string, source: string): string {
  const dir = path.join(home.home, ".agenix", "extensions");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

/**
 * Three long turns of one session (about 2,600 tokens each, as the server's usage reports them: what
 * the compaction code counts with); returns the session id.
 */
async function threeLongTurns(env: NodeJS.ProcessEnv): Promise<string> {
  const long = (n: number) => `turn ${n}: ${"lorem ipsum dolor sit amet ".repeat(330)}`;
  server.push({ text: "answer 1", usage: { prompt_tokens: 2600, completion_tokens: 5 } });
  const first = await runAgenix([long(1)], { cwd: home.workDir, env });
  expect(first.code, first.stderr).toBe(0);
  const id = /Session: (\S+)/.exec(first.stderr)![1]!;
  for (const n of [2, 3]) {
    server.push({ text: `answer ${n}`, usage: { prompt_tokens: 2600 * n, completion_tokens: 5 } });
    const run = await runAgenix(["--session", id, long(n)], { cwd: home.workDir, env });
    expect(run.code, run.stderr).toBe(0);
  }
  return id;
}

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
const toolMessages = (body: any) => body.messages.filter((m: { role: string }) => m.role === "tool");

describe("extensions (print mode, real binary)", () => {
  it("registers a tool the model calls, blocks a tool_call and rewrites a tool_result", async () => {
    writeExtension("guard.ts", GUARD_EXTENSION);
    writeFileSync(path.join(home.workDir, "notes.txt"), "password: hunter2\n");
    writeFileSync(path.join(home.workDir, "keep.txt"), "still here\n");
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "c1", name: "shout", arguments: { text: "hello" } },
          { id: "c2", name: "bash", arguments: { command: "rm -rf keep.txt" } },
          { id: "c3", name: "read", arguments: { file_path: "notes.txt" } },
          { id: "c4", name: "shout", arguments: { words: 3 } },
        ],
      },
      { text: "done" },
    );
    // Extension tools go through the permission rules like built-in ones: print mode needs a rule.
    const run = await runAgenix(["--allow", "shout", "do things"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("done\n");
    expect(server.rejections).toEqual([]);

    const offered = server.requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function);
    expect(offered.find((t: { name: string }) => t.name === "shout")).toEqual({
      name: "shout",
      description: "Upper-cases text",
      parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    });
    const results = toolMessages(server.requests[1]!.body);
    expect(results.map((m: { content: string }) => m.content)).toEqual([
      "HELLO!",
      expect.stringContaining("blocked: no rm -rf here (by extension guard.ts)"),
      expect.stringContaining("password: [hidden]"),
      expect.stringContaining("Invalid arguments for shout"),
    ]);
    expect(readFileSync(path.join(home.workDir, "keep.txt"), "utf8")).toBe("still here\n");
    // The session file records what the model saw (the rewritten result, the blocked call as an error).
    const saved = readSession(sessionFiles(home)[0]!);
    const tools = saved.messages.filter((m: { role: string }) => m.role === "tool");
    expect(tools[1]).toMatchObject({ name: "bash", is_error: true });
    expect(tools[2].content).not.toContain("hunter2");
  });

  it("an extension's tool is subject to the permission rules (print mode refuses what would ask)", async () => {
    writeExtension("guard.ts", GUARD_EXTENSION);
    server.push(
      { text: "", toolCalls: [{ id: "s", name: "shout", arguments: { text: "hi" } }] },
      { text: "ok" },
    );
    const run = await runAgenix(["shout"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(toolMessages(server.requests[1]!.body)[0].content).toMatch(/^Permission denied: shout\(/);
  });

  it("an extension that throws at load is reported once and skipped; one that throws in a handler is disabled; the session goes on", async () => {
    writeExtension("broken.ts", `export default function () { throw new Error("boom at load"); }`);
    writeExtension(
      "flaky.js",
      `export default function (api) {
        api.registerTool({ name: "ping", description: "pong", parameters: {}, execute: () => "pong" });
        api.on("turn_start", () => { throw new Error("boom in handler"); });
      }`,
    );
    writeExtension("syntax.ts", `export default function ( {`);
    server.push({ text: "", toolCalls: [{ id: "p", name: "ping", arguments: {} }] }, { text: "still fine" });
    const run = await runAgenix(["--allow", "ping", "go"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("still fine\n");
    expect(run.stderr.match(/broken\.ts failed to load and is skipped: boom at load/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/syntax\.ts failed to load and is skipped/);
    // Two turns, but the handler threw on the first and was disabled: reported once.
    expect(
      run.stderr.match(/its turn_start handler threw \(boom in handler\) and is disabled/g),
    ).toHaveLength(1);
    expect(toolMessages(server.requests[1]!.body)[0].content).toBe("pong");
  });

  it("fires every declared event, in order, from the right places", async () => {
    const log = path.join(home.home, "events.log");
    writeExtension(
      "spy.ts",
      `import { appendFileSync } from "node:fs";
      const EVENTS = ["session_start","session_end","user_input","agent_start","agent_end","turn_start","turn_end","message_end","tool_call","tool_result"] as const;
      export default function (api: any) {
        for (const e of EVENTS) api.on(e, (ev: any) => { appendFileSync(${JSON.stringify(log)}, e + (ev.name ? ":" + ev.name : "") + (ev.turn ? ":" + ev.turn : "") + "\\n"); });
      }`,
    );
    server.push(
      { text: "", toolCalls: [{ id: "g", name: "glob", arguments: { pattern: "*.nothing" } }] },
      { text: "ok" },
    );
    const run = await runAgenix(["look"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "session_start",
      "user_input",
      "agent_start",
      "message_end", // the user's message
      "turn_start:1",
      "message_end",
      "turn_end:1",
      "tool_call:glob",
      "tool_result:glob",
      "message_end",
      "turn_start:2",
      "message_end",
      "turn_end:2",
      "agent_end",
      "session_end",
    ]);
  });

  it("--extension loads a file given on the command line; a missing one is reported", async () => {
    const file = path.join(home.workDir, "ext.mjs");
    writeFileSync(file, `export default (api) => api.on("session_start", () => api.notify("hi from ext"));`);
    server.push({ text: "fine" });
    const run = await runAgenix(["--extension", "ext.mjs", "--extension", "nope.ts", "go"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("ext.mjs: hi from ext");
    expect(run.stderr).toContain(
      `Extension ${path.join(home.workDir, "nope.ts")} failed to load and is skipped: no such file or folder`,
    );
  });

  it("the example in examples/extensions/hello.ts works as documented", async () => {
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "g", name: "greet", arguments: { name: "Ada" } },
          { id: "r", name: "bash", arguments: { command: "rm -rf /" } },
        ],
      },
      { text: "greeted" },
    );
    const example = path.join(repoRoot, "examples", "extensions", "hello.ts");
    const run = await runAgenix(["--allow", "greet", "--extension", example, "say hello to Ada"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`hello.ts: hello extension loaded in ${home.workDir}`);
    expect(toolMessages(server.requests[1]!.body).map((m: { content: string }) => m.content)).toEqual([
      "Hello, Ada! (from the hello extension)",
      "Error: this call was blocked: the hello extension does not allow rm -rf / (by extension hello.ts)",
    ]);
    const stats = await runAgenix(["--extension", example, "/hello-stats"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toBe("0 tool calls so far\n");
  });

  it("before_compact can supply the summary (no model call for it) and compact reports the result", async () => {
    const log = path.join(home.home, "compact.log");
    writeExtension(
      "compact.ts",
      `import { appendFileSync } from "node:fs";
      export default (api: any) => {
        api.on("before_compact", (e: any) => {
          appendFileSync(${JSON.stringify(log)}, "before " + e.trigger + " " + e.messages.length + "\\n");
          return { summary: "EXT-SUMMARY of the early turns" };
        });
        api.on("compact", (e: any) => { appendFileSync(${JSON.stringify(log)}, "compact " + e.summary + "\\n"); });
      };`,
    );
    const env = { ...openaiEnv(home, server), AGENIX_CONTEXT_WINDOW: "7000" };
    await threeLongTurns(env);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^before auto \d+$/);
    expect(lines[1]).toBe("compact EXT-SUMMARY of the early turns");
    // No summary request went to the model: every request answered a user turn, and the last one
    // carries the extension's summary.
    expect(server.requests).toHaveLength(3);
    expect(JSON.stringify(server.requests[2]!.body.messages)).toContain("EXT-SUMMARY of the early turns");
  });

  it("`sessions compact` reads the settings files and hears the extensions' before_compact, as /compact does", async () => {
    const log = path.join(home.home, "compact.log");
    writeExtension(
      "compact.ts",
      `import { appendFileSync } from "node:fs";
      export default (api: any) => {
        api.on("before_compact", (e: any) => {
          appendFileSync(${JSON.stringify(log)}, "before " + e.trigger + " " + e.messages.length + "\\n");
          return { summary: "EXT-SUMMARY by hand" };
        });
      };`,
    );
    // keepRecentTokens from the user file: only the last turn is kept as it is.
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ compaction: { keepRecentTokens: 1 } }),
    );
    const env = openaiEnv(home, server);
    const id = await threeLongTurns(env);
    const compacted = await runAgenix(["sessions", "compact", id], { cwd: home.workDir, env });
    expect(compacted.code, compacted.stderr).toBe(0);
    expect(compacted.stdout).toMatch(/^Compacted the conversation \(manual\)/);
    expect(readFileSync(log, "utf8")).toBe("before manual 4\n");
    expect(server.requests).toHaveLength(3); // the extension's summary: no summary request
    const record = readSession(sessionFiles(home)[0]!).compactions[0];
    expect(record).toMatchObject({ trigger: "manual", summary: "EXT-SUMMARY by hand", first_kept_index: 4 });
  });
});
