// Loop overhead: a 100-turn tool-calling conversation against the scripted LLM server (no delays),
// run in-process with runAgentLoop, the real OpenAI provider and the real `read` tool on a tiny file.
// The loop's own time per turn = (total - time inside provider requests - time inside tools) / turns.
// Target (issue 5): under 2 ms. Provider time is measured around each `next()` of the provider's
// stream (HTTP, the server, SSE parsing); the loop's handling of each event is not in it.
// BENCH_LOOP_TURNS changes the turn count. Needs tsx (the scripted server is TypeScript).
// Then the cost of a PreToolUse hook round trip: the same bash command per turn, with a Python hook
// (process start included, written as Claude Code's docs write them) and without hooks.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startLlmServer } from "../test/support/llm-server.ts";
import { envInt, median, medianOf, report, reportFailure, reps } from "./lib/measure.mjs";
import { loadSessionManager, makeBenchHome, repoRoot } from "./lib/sessions-data.mjs";

const turns = envInt("BENCH_LOOP_TURNS", 100);
const n = reps(5);
const dist = (file) => import(path.join(repoRoot, "dist", file));

/** Wraps a provider so the time spent waiting on each stream event is added to `clock.providerMs`. */
function timedProvider(provider, clock) {
  return {
    name: provider.name,
    async *stream(request) {
      const iterator = provider.stream(request)[Symbol.asyncIterator]();
      for (;;) {
        const started = performance.now();
        const step = await iterator.next();
        clock.providerMs += performance.now() - started;
        if (step.done) return;
        yield step.value;
      }
    },
  };
}

/** Wraps a tool so its run time is added to `clock.toolMs`. */
function timedTool(tool, clock) {
  return {
    ...tool,
    async run(args, ctx) {
      const started = performance.now();
      try {
        return await tool.run(args, ctx);
      } finally {
        clock.toolMs += performance.now() - started;
      }
    },
  };
}

const READ_CALL = { name: "read", arguments: { file_path: "small.txt" } };

function script(count, call = READ_CALL) {
  const replies = [];
  for (let i = 1; i < count; i++) {
    replies.push({
      text: i === 1 ? "Let me look." : "",
      toolCalls: [{ id: `call_${i}`, ...call }],
      usage: { prompt_tokens: 1000 + i * 40, completion_tokens: 20 },
    });
  }
  replies.push({
    text: "Done: the file says hello.",
    usage: { prompt_tokens: 1000 + count * 40, completion_tokens: 8 },
  });
  return replies;
}

/** One conversation; returns per-turn loop time in ms. `save` attaches a SessionManager to the events. */
async function runConversation({
  home,
  server,
  createProvider,
  runAgentLoop,
  tools,
  manager,
  call,
  commandHooks,
  count = turns,
}) {
  server.push(...script(count, call));
  const clock = { providerMs: 0, toolMs: 0, saveMs: 0 };
  const inner = await createProvider({
    provider: "openai",
    apiKey: "sk-bench",
    baseUrl: server.openaiBaseUrl,
  });
  const provider = timedProvider(inner, clock);
  const session = manager
    ? await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" })
    : undefined;
  const emit = (event) => {
    if (!session || event.type !== "message") return;
    session.messages.push(event.message);
    const started = performance.now();
    return manager.saveSession(session).then(() => {
      clock.saveMs += performance.now() - started;
    });
  };
  const started = performance.now();
  const result = await runAgentLoop({
    provider,
    model: "gpt-4o",
    systemPrompt: "You are a benchmark.",
    messages: [],
    input: "Read small.txt again and again.",
    tools: tools.map((tool) => timedTool(tool, clock)),
    workingDir: home.workDir,
    maxTurns: count + 1,
    emit,
    commandHooks,
  });
  const totalMs = performance.now() - started;
  if (result.stopReason !== "end")
    throw new Error(`loop stopped with ${result.stopReason}: ${result.error?.message}`);
  const modelTurns = result.messages.filter((m) => m.role === "assistant").length;
  if (modelTurns !== count) throw new Error(`expected ${count} model turns, got ${modelTurns}`);
  return {
    loopMs: (totalMs - clock.providerMs - clock.toolMs - clock.saveMs) / count,
    perTurnMs: totalMs / count,
    saveMs: clock.saveMs / count,
  };
}

const home = await makeBenchHome("loop");
const server = await startLlmServer();
let parts;
try {
  await writeFile(path.join(home.workDir, "small.txt"), "hello\n");
  const { runAgentLoop } = await dist("agent/loop.js");
  const { createProvider } = await dist("providers/index.js");
  const { builtinTools } = await dist("tools/registry.js");
  parts = { home, server, createProvider, runAgentLoop, tools: builtinTools() };

  await runConversation(parts); // warm-up: JIT, sockets, file cache
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await runConversation(parts));
  const loopMs = median(runs.map((r) => r.loopMs));
  report({
    name: `loop.overhead_per_turn_${turns}`,
    value: loopMs,
    unit: "ms",
    baselineName: "whole turn",
    baselineValue: median(runs.map((r) => r.perTurnMs)),
    target: { op: "<", value: 2, on: "value" },
  });
} catch (error) {
  reportFailure("loop.overhead_per_turn", error);
}

try {
  // The same with every message saved through SessionManager, as the CLI does: saving is reported
  // apart (it is the storage layer's cost, not the loop's).
  if (!parts) throw new Error("skipped: the loop benchmark above failed");
  const manager = new (await loadSessionManager())({ dir: home.sessionDir });
  await runConversation({ ...parts, manager });
  const saved = [];
  for (let i = 0; i < n; i++) saved.push(await runConversation({ ...parts, manager }));
  report({
    name: `loop.save_per_turn_${turns}`,
    value: median(saved.map((r) => r.saveMs)),
    unit: "ms",
    baselineName: "whole turn",
    baselineValue: median(saved.map((r) => r.perTurnMs)),
    note: "an assistant and a tool message saved per turn; info only",
  });
} catch (error) {
  reportFailure("loop.save_per_turn", error);
}

try {
  if (!parts) throw new Error("skipped: the loop benchmark above failed");
  const hookTurns = envInt("BENCH_HOOK_TURNS", 20);
  const hookFile = path.join(home.home, "validate.py");
  await writeFile(
    hookFile,
    [
      "import json, re, sys",
      "data = json.load(sys.stdin)",
      'command = data.get("tool_input", {}).get("command", "")',
      'if data.get("tool_name") == "Bash" and re.search(r"\\bgrep\\b", command):',
      '    print("Use rg", file=sys.stderr)',
      "    sys.exit(2)",
      "",
    ].join("\n"),
  );
  const { CommandHooks } = await dist("extensions/hooks/command-hooks.js");
  const { collectHooks } = await dist("extensions/hooks/config.js");
  const hookSet = collectHooks([
    {
      scope: "user",
      path: "bench",
      trusted: true,
      data: {
        hooks: {
          PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: `python3 ${hookFile}` }] }],
        },
      },
    },
  ]);
  const hooks = new CommandHooks(hookSet, { projectDir: home.workDir });
  const hookSession = {
    sessionId: "bench",
    transcriptPath: "",
    cwd: home.workDir,
    permissionMode: "default",
  };
  let hookRuns = 0;
  const commandHooks = {
    preToolUse: async (call, signal) => {
      hookRuns++;
      const outcome = await hooks.preToolUse(call, hookSession, signal);
      if (outcome.reports.length > 0) throw new Error(`the hook failed: ${JSON.stringify(outcome.reports)}`);
      return outcome;
    },
  };
  const bash = { name: "bash", arguments: { command: "echo hi" } };
  const plain = { ...parts, call: bash, count: hookTurns };
  await runConversation(plain);
  await runConversation({ ...plain, commandHooks });
  const without = [];
  const withHook = [];
  for (let i = 0; i < n; i++) {
    without.push((await runConversation(plain)).perTurnMs);
    withHook.push((await runConversation({ ...plain, commandHooks })).perTurnMs);
  }
  if (hookRuns !== (n + 1) * (hookTurns - 1)) throw new Error(`the hook ran ${hookRuns} times`);
  const base = median(without);
  // What of it is Python itself: the same script run bare, same input, no agenix around it.
  const bare = await medianOf(n, async () => {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const child = spawn("python3", [hookFile], { stdio: ["pipe", "ignore", "ignore"] });
      child.on("error", reject);
      child.on("exit", resolve);
      child.stdin.end(JSON.stringify({ tool_name: "Bash", tool_input: { command: "echo hi" } }));
    });
    return performance.now() - started;
  });
  const baselines = [
    ["the same bash turn without hooks", base, "python3 hook, process start included; info only"],
    ["python3 running the hook script bare", bare, "the rest is agenix's spawn, JSON and pipes; info only"],
  ];
  for (const [baselineName, baselineValue, note] of baselines) {
    report({
      name: `loop.pretooluse_hook_per_call_${hookTurns}`,
      value: median(withHook) - base,
      unit: "ms",
      baselineName,
      baselineValue,
      note,
    });
  }
} catch (error) {
  reportFailure("loop.pretooluse_hook_per_call", error);
} finally {
  await server.close();
  await home.cleanup();
}
