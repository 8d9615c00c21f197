// Subagents (the task tool) through the built binary, in a temp HOME, against the strict scripted
// server: parallel children, their session files, what the parent's next request carries, tool
// subsets, the parent's plan mode, Claude Code definitions, and the sessions commands' handling.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import {
  type LlmServer,
  type RecordedRequest,
  type ScriptedReply,
  startLlmServer,
} from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";
import { sandboxEnv } from "./sandbox-helpers.js";

let home: TempHome;
let server: LlmServer;
/** Replies for children, by the prompt they were given (the first user message). */
let childReplies: Map<string, ScriptedReply[]>;

beforeEach(async () => {
  home = await makeTempHome();
  childReplies = new Map();
  server = await startLlmServer([], {
    respond: (request) => {
      const queue = childReplies.get(firstUserText(request));
      return queue?.shift();
    },
  });
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
type Wire = any;

function firstUserText(request: RecordedRequest): string {
  const user = (request.body?.messages ?? []).find((m: Wire) => m.role === "user");
  return typeof user?.content === "string" ? user.content : "";
}

function requestsFor(prompt: string): RecordedRequest[] {
  return server.requests.filter((r) => firstUserText(r) === prompt);
}

const toolNames = (request: RecordedRequest): string[] =>
  (request.body.tools ?? []).map((t: Wire) => t.function.name).sort();

const usage = { prompt_tokens: 100, completion_tokens: 10 };

function taskCall(id: string, prompt: string, agent?: string) {
  return {
    id,
    name: "task",
    arguments: { description: `do ${id}`, prompt, ...(agent ? { agent } : {}) },
  };
}

function sessionsById(): Map<string, Wire> {
  return new Map(sessionFiles(home).map((f) => [readSession(f).id, readSession(f)]));
}

/** Runs one task call whose child answers after `delayMs`; resolves to the ms from the child's request to the parent's next. */
async function timedTasks(prompts: string[], delayMs: number): Promise<number> {
  for (const p of prompts) childReplies.set(p, [{ text: `answer to ${p}`, delayMs, usage }]);
  server.push(
    { toolCalls: prompts.map((p, i) => taskCall(`call_${p.replace(/\W/g, "")}_${i}`, p)), usage },
    { text: "all done", usage },
  );
  const before = server.requests.length;
  const run = await runAgenix(["delegate"], { cwd: home.workDir, env: openaiEnv(home, server) });
  expect(run.code, run.stderr).toBe(0);
  const children = prompts.map((p) => requestsFor(p)[0] as RecordedRequest);
  const parentNext = server.requests.slice(before).filter((r) => firstUserText(r) === "delegate")[1];
  const firstChild = Math.min(...children.map((c) => c.receivedAt));
  return (parentNext as RecordedRequest).receivedAt - firstChild;
}

describe("task (subagents)", () => {
  it("runs two task calls of one message in parallel, saves both children with metadata.parent, and sends both results", async () => {
    const delay = 1500;
    const one = await timedTasks(["solo task"], delay);
    const two = await timedTasks(["task A", "task B"], delay);
    // Side by side: two children take about as long as one (in a row they would take twice as long).
    expect(two / one, `one: ${one} ms, two: ${two} ms`).toBeLessThan(1.5);
    const [a, b] = [requestsFor("task A")[0], requestsFor("task B")[0]] as RecordedRequest[];
    expect(Math.abs(a.receivedAt - b.receivedAt)).toBeLessThan(delay);

    const sessions = sessionsById();
    const parents = [...sessions.values()].filter((s) => !s.metadata.parent);
    const parent = parents.find((s) => s.messages.some((m: Wire) => m.tool_calls?.length === 2)) as Wire;
    const children = [...sessions.values()].filter((s) => s.metadata.parent?.session_id === parent.id);
    expect(children.map((c) => c.metadata.parent.tool_call_id).sort()).toEqual([
      "call_taskA_0",
      "call_taskB_1",
    ]);
    for (const child of children) {
      expect(child.metadata.agent).toBe("general");
      expect(child.messages[0]).toMatchObject({ role: "user" });
      expect(child.messages.at(-1)).toMatchObject({ role: "assistant" });
    }
    // The parent's next request carries both results, each naming its child's session.
    const next = requestsFor("delegate").at(-1) as RecordedRequest;
    const results = next.body.messages.filter((m: Wire) => m.role === "tool");
    expect(results).toHaveLength(2);
    for (const [i, prompt] of ["task A", "task B"].entries()) {
      const child = children.find((c) => c.metadata.parent.tool_call_id === results[i].tool_call_id);
      expect(results[i].content).toContain(`answer to ${prompt}`);
      expect(results[i].content).toContain(`session ${child.id}`);
    }
  });

  it("offers a child only the tools its definition lists: another tool is unknown to it", async () => {
    mkdirSync(path.join(home.workDir, ".agenix", "agents"), { recursive: true });
    writeFileSync(
      path.join(home.workDir, ".agenix", "agents", "reader.md"),
      "---\nname: reader\ndescription: Reads files\ntools: read\n---\nYou read files.\n",
    );
    childReplies.set("read it", [
      { toolCalls: [{ id: "c1", name: "bash", arguments: { command: "touch made-by-child" } }], usage },
      { text: "could not run bash", usage },
    ]);
    server.push({ toolCalls: [taskCall("call_r", "read it", "reader")], usage }, { text: "ok", usage });
    const run = await runAgenix(["go", "--yolo"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    const [first, second] = requestsFor("read it");
    expect(toolNames(first as RecordedRequest)).toEqual(["read"]);
    expect(first?.body.messages[0].content).toContain("You read files.");
    const result = second?.body.messages.find((m: Wire) => m.role === "tool");
    expect(result.content).toContain('unknown tool "bash"');
    expect(existsSync(path.join(home.workDir, "made-by-child"))).toBe(false);
  });

  it("refuses a child's write when the parent is in plan mode", async () => {
    childReplies.set("write it", [
      { toolCalls: [{ id: "w1", name: "write", arguments: { file_path: "out.txt", content: "x" } }], usage },
      { text: "refused", usage },
    ]);
    server.push({ toolCalls: [taskCall("call_w", "write it")], usage }, { text: "ok", usage });
    const run = await runAgenix(["go", "--permission-mode", "plan"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "out.txt"))).toBe(false);
    const result = requestsFor("write it")[1]?.body.messages.find((m: Wire) => m.role === "tool");
    expect(result.content).toMatch(/plan mode/);
    // Print mode names the child on stderr with its tool activity.
    const child = [...sessionsById().values()].find((x) => x.metadata.parent) as Wire;
    expect(run.stderr).toContain(`  ↳ [general ${child.id}] ⏺ write(out.txt)`);
  });

  it("reports child events with the child's session id in stream-json; explore runs on subagents.exploreModel", async () => {
    writeFileSync(path.join(home.workDir, "notes.txt"), "hello\n");
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ subagents: { exploreModel: "gpt-4o-mini" } }),
    );
    childReplies.set("read notes", [
      { toolCalls: [{ id: "r1", name: "read", arguments: { file_path: "notes.txt" } }], usage },
      { text: "it says hello", usage },
    ]);
    server.push({ toolCalls: [taskCall("call_n", "read notes", "explore")], usage }, { text: "ok", usage });
    const run = await runAgenix(["go", "--output-format", "stream-json"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const child = [...sessionsById().values()].find((x) => x.metadata.parent) as Wire;
    expect(child.metadata).toMatchObject({ agent: "explore", parent: { tool_call_id: "call_n" } });
    const events = lines.filter((l) => l.type === "subagent");
    expect(events.every((e) => e.session_id === child.id && e.call_id === "call_n")).toBe(true);
    expect(events.map((e) => e.event.type)).toEqual(
      expect.arrayContaining(["message", "tool_call", "tool_result", "agent_end"]),
    );
    const call = events.find((e) => e.event.type === "tool_call");
    expect(call.event.call).toMatchObject({ name: "read", arguments: { file_path: "notes.txt" } });
    expect(requestsFor("read notes").map((r) => r.body.model)).toEqual(["gpt-4o-mini", "gpt-4o-mini"]);
    expect(requestsFor("go")[0]?.body.model).toBe("gpt-4o");
    const result = lines.find((l) => l.type === "tool_result" && l.call.id === "call_n");
    expect(result.message.content).toContain("it says hello");
  });

  it("uses a .claude/agents definition as Claude Code writes it", async () => {
    mkdirSync(path.join(home.workDir, ".claude", "agents"), { recursive: true });
    writeFileSync(
      path.join(home.workDir, ".claude", "agents", "code-finder.md"),
      [
        "---",
        "name: code-finder",
        "description: Finds code. Use proactively for searches.",
        "tools: Read, Grep, Glob",
        "model: sonnet",
        "color: cyan",
        "---",
        "",
        "You find code and report file paths.",
        "",
      ].join("\n"),
    );
    childReplies.set("find it", [{ text: "found in a.ts", usage }]);
    server.push({ toolCalls: [taskCall("call_f", "find it", "code-finder")], usage }, { text: "ok", usage });
    const run = await runAgenix(["go"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/Warning/);
    // The parent's system prompt lists it; the child runs with its prompt, its tools and the parent's model.
    expect(requestsFor("go")[0]?.body.messages[0].content).toContain(
      "- code-finder: Finds code. Use proactively for searches.",
    );
    const child = requestsFor("find it")[0] as RecordedRequest;
    expect(toolNames(child)).toEqual(["glob", "grep", "read"]);
    expect(child.body.model).toBe("gpt-4o");
    expect(child.body.messages[0].content).toContain("You find code and report file paths.");
    const result = requestsFor("go")[1]?.body.messages.find((m: Wire) => m.role === "tool");
    expect(result.content).toContain("found in a.ts");
  });

  it("counts a child's spend against the parent's --max-budget-usd", async () => {
    // 10,000 prompt tokens of gpt-4o cost $0.025: over the $0.01 budget after the child's answer.
    childReplies.set("spend", [{ text: "spent", usage: { prompt_tokens: 10_000, completion_tokens: 100 } }]);
    server.push({ toolCalls: [taskCall("call_b", "spend")], usage }, { text: "never sent", usage });
    const run = await runAgenix(["go", "--max-budget-usd", "0.01"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("Stopped: the budget of $0.01 is spent");
    expect(requestsFor("go")).toHaveLength(1);
  });

  it("a child runs its commands in the parent's sandbox: auto runs them, writes land only in the project", async () => {
    childReplies.set("make files", [
      {
        toolCalls: [
          { id: "c1", name: "bash", arguments: { command: 'touch inside.txt; touch "$HOME/outside.txt"' } },
        ],
        usage,
      },
      { text: "made what I could", usage },
    ]);
    server.push({ toolCalls: [taskCall("call_s", "make files")], usage }, { text: "ok", usage });
    const run = await runAgenix(["go"], { cwd: home.workDir, env: sandboxEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    // Auto mode ran the child's command without asking because it ran in the sandbox ...
    expect(existsSync(path.join(home.workDir, "inside.txt"))).toBe(true);
    // ... where nothing outside the project can be written.
    expect(existsSync(path.join(home.home, "outside.txt"))).toBe(false);
    const result = requestsFor("make files")[1]?.body.messages.find((m: Wire) => m.role === "tool");
    expect(result.content).toMatch(/Read-only file system|Permission denied/);
  });

  it("turns a child's failure into an error result for the parent, which goes on", async () => {
    childReplies.set("fail please", [
      { status: 400, body: { error: { message: "bad child request", type: "invalid_request_error" } } },
    ]);
    server.push({ toolCalls: [taskCall("call_x", "fail please")], usage }, { text: "handled", usage });
    const run = await runAgenix(["go"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("handled\n");
    const result = requestsFor("go")[1]?.body.messages.find((m: Wire) => m.role === "tool");
    expect(result.content).toMatch(
      /^Error: the general subagent \(session \S+\) failed: .*bad child request/,
    );
    expect(sessionIdFrom(run.stderr)).toMatch(/^\d{8}_\d{6}/);
  });

  it("sessions list hides children unless --all-agents; show links both ways; stats and cost roll children up unless --no-children", async () => {
    childReplies.set("child one", [
      { text: "one zanzibarite", usage: { prompt_tokens: 1000, completion_tokens: 100 } },
    ]);
    childReplies.set("child two", [{ text: "two", usage: { prompt_tokens: 2000, completion_tokens: 200 } }]);
    server.push(
      { toolCalls: [taskCall("call_1", "child one"), taskCall("call_2", "child two")], usage },
      { text: "done", usage },
    );
    const env = openaiEnv(home, server);
    const run = await runAgenix(["parent work"], { cwd: home.workDir, env });
    expect(run.code, run.stderr).toBe(0);
    const parentId = sessionIdFrom(run.stderr);
    const childIds = [...sessionsById().values()]
      .filter((s) => s.metadata.parent?.session_id === parentId)
      .map((s) => s.id as string);
    expect(childIds).toHaveLength(2);
    const sessions = (args: string[]) => runAgenix(["sessions", ...args], { cwd: home.workDir, env });

    const list = await sessions(["list", "--json"]);
    expect(JSON.parse(list.stdout).map((s: Wire) => s.id)).toEqual([parentId]);
    const text = await sessions(["list"]);
    expect(text.stdout).toContain("2 subagent sessions not listed");
    const all = await sessions(["list", "--all-agents", "--json"]);
    expect(
      JSON.parse(all.stdout)
        .map((s: Wire) => s.id)
        .sort(),
    ).toEqual([parentId, ...childIds].sort());

    const parentShow = await sessions(["show", parentId]);
    for (const id of childIds)
      expect(parentShow.stdout).toContain(`Subagent session: ${id} (general, task call call_`);
    const childShow = await sessions(["show", childIds[0] as string]);
    expect(childShow.stdout).toMatch(
      new RegExp(`Subagent \\(general\\) of session ${parentId}, task call call_[12]`),
    );

    // Tokens: parent 2 x (100 + 10), children 1100 and 2200.
    const stats = JSON.parse((await sessions(["stats", parentId, "--json"])).stdout);
    expect(stats.usage.prompt_tokens).toBe(200 + 3000);
    expect(stats.usage.completion_tokens).toBe(20 + 300);
    expect(stats.assistant_messages).toBe(4);
    expect(stats.subagent_sessions.sort()).toEqual(childIds.sort());
    const alone = JSON.parse((await sessions(["stats", parentId, "--json", "--no-children"])).stdout);
    expect(alone.usage.prompt_tokens).toBe(200);
    expect(alone.subagent_sessions).toBeUndefined();
    const cost = JSON.parse((await sessions(["cost", parentId, "--json"])).stdout);
    const costAlone = JSON.parse((await sessions(["cost", parentId, "--json", "--no-children"])).stdout);
    expect(cost.models[0].prompt_tokens).toBe(3200);
    expect(costAlone.models[0].prompt_tokens).toBe(200);
    expect(cost.total_usd).toBeGreaterThan(costAlone.total_usd);

    const report = JSON.parse((await sessions(["report", "--json"])).stdout);
    expect(report.total).toMatchObject({ sessions: 1, prompt_tokens: 3200 });
    const split = JSON.parse((await sessions(["report", "--json", "--no-children"])).stdout);
    expect(split.total).toMatchObject({ sessions: 3, prompt_tokens: 3200 });

    // Search covers the children's conversations.
    const childOne = [...sessionsById().values()].find((s) => s.metadata.parent?.tool_call_id === "call_1");
    const found = JSON.parse((await sessions(["search", "zanzibarite", "--json"])).stdout);
    // The child's own answer, and the parent's task result that carries it.
    expect(found.map((hit: Wire) => `${hit.id} ${hit.role}`).sort()).toEqual(
      [`${childOne.id} assistant`, `${parentId} tool`].sort(),
    );

    // The HTML export of the parent carries both children's conversations under their task calls.
    const html = (await sessions(["export", parentId, "--format", "html"])).stdout;
    for (const id of childIds) expect(html).toContain(`<a href="#session-${id}">${id}</a>`);
    expect(html).toContain(`id="session-${childOne.id}"`);
    expect(html).toContain("one zanzibarite");
    const childHtml = (await sessions(["export", childOne.id, "--format", "html"])).stdout;
    expect(childHtml).toContain(
      `<dt>Subagent of</dt><dd>session ${parentId} (general, task call call_1)</dd>`,
    );

    // --continue goes on with the parent, never a child.
    server.push({ text: "continued", usage });
    const next = await runAgenix(["--continue", "more"], { cwd: home.workDir, env });
    expect(sessionIdFrom(next.stderr)).toBe(parentId);
  });
});
