// Claude Code-format hooks through the real binary against the scripted model, with hook scripts
// written the way Claude Code's documentation writes them (Python reading the event from stdin).
// hooks-cli.test.ts covers `agenix hooks list|import`, hooks-sdk.test.ts the SDK.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";
import { one, toolMessages, userMessages, script as writeScript, writeSettings } from "./hooks-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const script = (name: string, source: string) => writeScript(home.home, name, source);
const userHooks = (hooks: unknown) => writeSettings(path.join(home.home, ".agenix", "settings.json"), hooks);
const run = (args: string[]) => runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });

// Claude Code's bash_command_validator example, in spirit: grep is refused with exit 2.
const VALIDATOR = `
import json, re, sys, os
input_data = json.load(sys.stdin)
with open(os.path.join(os.environ["HOME"], "hook-input.json"), "w") as f:
    json.dump({"input": input_data, "project": os.environ.get("CLAUDE_PROJECT_DIR"),
               "agenix_project": os.environ.get("AGENIX_PROJECT_DIR"),
               "key": os.environ.get("OPENAI_API_KEY"), "cwd": os.getcwd()}, f)
if input_data.get("tool_name") != "Bash":
    sys.exit(0)
command = input_data.get("tool_input", {}).get("command", "")
if re.search(r"\\bgrep\\b(?!.*\\|)", command):
    print("Use 'rg' (ripgrep) instead of 'grep' for better performance", file=sys.stderr)
    sys.exit(2)
sys.exit(0)
`;

describe("hooks (print mode, real binary)", () => {
  it("a PreToolUse validator exiting 2 blocks the call; the model gets its stderr; the session records it", async () => {
    userHooks({ PreToolUse: one(script("validate.py", VALIDATOR), "Bash") });
    server.push(
      {
        text: "",
        toolCalls: [{ id: "c1", name: "bash", arguments: { command: "grep foo notes.txt; touch ran.txt" } }],
      },
      { text: "ok" },
    );
    const result = await run(["--allow", "bash", "search"]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "ran.txt"))).toBe(false);
    const tool = toolMessages(server.requests[1]!.body)[0];
    expect(tool.content).toContain("Use 'rg' (ripgrep) instead of 'grep'");
    expect(tool.content).toContain("blocked by a PreToolUse hook");
    expect(result.stderr).toContain("PreToolUse hook");
    const session = readSession(sessionFiles(home)[0]!);
    const saved = session.messages.find((m: { role: string }) => m.role === "tool");
    expect(saved.is_error).toBe(true);
    expect(saved.content).toContain("Use 'rg'");
    // Claude Code's input fields, environment and working directory.
    const seen = JSON.parse(readFileSync(path.join(home.home, "hook-input.json"), "utf8"));
    expect(seen.input).toMatchObject({
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "grep foo notes.txt; touch ran.txt" },
      tool_use_id: "c1",
      cwd: home.workDir,
      permission_mode: "default",
      session_id: session.id,
      transcript_path: sessionFiles(home)[0],
    });
    expect(seen.project).toBe(home.workDir);
    expect(seen.agenix_project).toBe(home.workDir);
    expect(seen.cwd).toBe(home.workDir);
    expect(seen.key).toBeNull(); // the tool environment: no credentials
  });

  it("permissionDecision allow runs a call that would ask; deny refuses one that would run; deny rules still hold", async () => {
    const decide = script(
      "decide.py",
      `
import json, sys
data = json.load(sys.stdin)
cmd = data["tool_input"]["command"]
decision = "deny" if "secret" in cmd else "allow"
print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse",
  "permissionDecision": decision, "permissionDecisionReason": "policy says " + decision}}))
`,
    );
    userHooks({ PreToolUse: one(decide, "Bash") });
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "a", name: "bash", arguments: { command: "touch allowed.txt" } },
          { id: "b", name: "bash", arguments: { command: "touch secret.txt" } },
          { id: "c", name: "bash", arguments: { command: "touch denied-by-rule.txt" } },
        ],
      },
      { text: "done" },
    );
    // No --allow: print mode refuses what would ask. The deny rule wins over the hook's allow.
    const result = await run(["--deny", "bash(touch denied-by-rule.txt)", "go"]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "allowed.txt"))).toBe(true);
    expect(existsSync(path.join(home.workDir, "secret.txt"))).toBe(false);
    expect(existsSync(path.join(home.workDir, "denied-by-rule.txt"))).toBe(false);
    const [a, b, c] = toolMessages(server.requests[1]!.body);
    expect(a.content).not.toContain("Error");
    expect(b.content).toContain("policy says deny");
    expect(c.content).toContain("Permission denied");
  });

  it("updatedInput rewrites the command that runs", async () => {
    const rewrite = script(
      "rewrite.py",
      `
import json, sys
data = json.load(sys.stdin)
cmd = data["tool_input"]["command"]
print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow",
  "updatedInput": {"command": cmd.replace("original", "rewritten")}}}))
`,
    );
    userHooks({ PreToolUse: one(rewrite, "Bash") });
    server.push(
      {
        text: "",
        toolCalls: [{ id: "c1", name: "bash", arguments: { command: "echo original > out.txt" } }],
      },
      { text: "done" },
    );
    const result = await run(["go"]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(path.join(home.workDir, "out.txt"), "utf8")).toBe("rewritten\n");
    // The call line shows what the model asked for; the hook's line says what runs instead.
    expect(result.stderr).toContain(
      `changed the arguments of bash to {"command":"echo rewritten > out.txt"}`,
    );
  });

  it("PreToolUse additionalContext reaches the model with the call's result", async () => {
    const remind = script(
      "remind.py",
      `
import json, sys
data = json.load(sys.stdin)
print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse",
  "additionalContext": "remember the style guide for " + data["tool_input"]["file_path"]}}))
`,
    );
    userHooks({ PreToolUse: one(remind, "Read") });
    server.push(
      { text: "", toolCalls: [{ id: "c1", name: "read", arguments: { file_path: "notes.txt" } }] },
      { text: "done" },
    );
    writeFileSync(path.join(home.workDir, "notes.txt"), "the notes\n");
    const result = await run(["go"]);
    expect(result.code, result.stderr).toBe(0);
    const sent = JSON.stringify(server.requests.at(-1)!.body.messages.at(-1));
    expect(sent).toContain("the notes");
    expect(sent).toContain("PreToolUse hook: remember the style guide for");
    const [saved] = toolMessages(readSession(sessionFiles(home)[0]!));
    expect(saved.content).toContain("remember the style guide");
  });

  it("a PostToolUse formatter runs on the edited file and its feedback reaches the model", async () => {
    const format = script(
      "format.py",
      `
import json, sys
data = json.load(sys.stdin)
path = data["tool_input"]["file_path"]
with open(path) as f:
    text = f.read()
with open(path, "w") as f:
    f.write("\\n".join(line.rstrip() for line in text.split("\\n")))
print(json.dumps({"hookSpecificOutput": {"hookEventName": "PostToolUse", "additionalContext": "formatted " + path}}))
`,
    );
    userHooks({ PostToolUse: one(format, "Write|Edit") });
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "w", name: "write", arguments: { file_path: "a.py", content: "x = 1   \ny = 2  \n" } },
        ],
      },
      { text: "done" },
    );
    const result = await run(["--allow", "write", "write it"]);
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(home.workDir, "a.py");
    expect(readFileSync(file, "utf8")).toBe("x = 1\ny = 2\n");
    expect(toolMessages(server.requests[1]!.body)[0].content).toContain(`formatted ${file}`);
  });

  it("UserPromptSubmit adds context to the request, and blocks a prompt holding a secret", async () => {
    const gate = script(
      "prompt.py",
      `
import json, sys
data = json.load(sys.stdin)
if "sk-live-" in data["prompt"]:
    print("Prompt blocked: it contains a secret", file=sys.stderr)
    sys.exit(2)
print("Sprint goal: ship hooks")
`,
    );
    userHooks({ UserPromptSubmit: one(gate) });
    server.push({ text: "noted" });
    const ok = await run(["what is the goal?"]);
    expect(ok.code, ok.stderr).toBe(0);
    const sent = userMessages(server.requests[0]!.body)[0].content;
    expect(JSON.stringify(sent)).toContain("what is the goal?");
    expect(JSON.stringify(sent)).toContain("Sprint goal: ship hooks");

    const blocked = await run(["use key sk-live-abc123 please"]);
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain("Prompt blocked: it contains a secret");
    expect(server.requests).toHaveLength(1); // the blocked prompt never reached the model
    // ...nor a session file
    const texts = sessionFiles(home).map((f) => readFileSync(f, "utf8"));
    expect(texts.some((t) => t.includes("sk-live-abc123"))).toBe(false);
  });

  it("a Stop hook that blocks once makes exactly one more model call", async () => {
    const stop = script(
      "stop.py",
      `
import json, os, sys
data = json.load(sys.stdin)
with open(os.path.join(os.environ["HOME"], "stop-inputs.jsonl"), "a") as f:
    f.write(json.dumps(data) + "\\n")
if not data["stop_hook_active"]:
    print(json.dumps({"decision": "block", "reason": "Also run the tests."}))
`,
    );
    userHooks({ Stop: one(stop) });
    server.push({ text: "first answer" }, { text: "tests pass" });
    const result = await run(["do it"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout, result.stderr).toBe("tests pass\n");
    expect(server.requests).toHaveLength(2);
    const last = userMessages(server.requests[1]!.body).at(-1);
    expect(last.content).toContain("Also run the tests.");
    // Claude Code's Stop input carries the answer the agent stopped with (last_assistant_message).
    const inputs = readFileSync(path.join(home.home, "stop-inputs.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(inputs.map((i) => [i.stop_hook_active, i.last_assistant_message])).toEqual([
      [false, "first answer"],
      [true, "tests pass"],
    ]);
  });

  it("SessionStart context reaches the first request; a broken hook is named, not fatal", async () => {
    const start = script(
      "start.py",
      `
import json, sys
data = json.load(sys.stdin)
print(json.dumps({"hookSpecificOutput": {"hookEventName": "SessionStart",
  "additionalContext": "Started by " + data["source"] + " on " + data.get("model", "?")}}))
`,
    );
    // A broken hook next to it is named once on stderr and does not stop the others.
    userHooks({ SessionStart: one(start, "startup"), PreToolUse: one("true", "Bash(") });
    server.push({ text: "hi" });
    const result = await run(["hello"]);
    expect(result.code, result.stderr).toBe(0);
    expect(
      result.stderr.match(
        /a PreToolUse hook in .*settings\.json is not run: its matcher is not a valid regular expression/g,
      ),
    ).toHaveLength(1);
    expect(JSON.stringify(userMessages(server.requests[0]!.body)[0].content)).toContain(
      "Started by startup on gpt-4o",
    );
  });

  it("a hanging hook is killed at its timeout (its process group too) and the run goes on", async () => {
    const pidFile = path.join(home.home, "hang.pid");
    // sh starts in milliseconds (the pid is written long before the timeout); its sleep is a child.
    const hang = `cat > /dev/null; echo $$ > ${pidFile}; sleep 300; echo never`;
    userHooks({ PreToolUse: one(hang, "*", 2) });
    server.push(
      { text: "", toolCalls: [{ id: "c1", name: "bash", arguments: { command: "echo hi" } }] },
      { text: "done" },
    );
    const result = await run(["--allow", "bash", "go"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/PreToolUse hook .* timed out after 2 s/);
    expect(toolMessages(server.requests[1]!.body)[0].content).toContain("hi");
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("an untrusted project's hooks do not run (named once with the --trust hint); trusted, they do", async () => {
    const marker = path.join(home.home, "project-hook-ran");
    writeSettings(path.join(home.workDir, ".agenix", "settings.json"), {
      UserPromptSubmit: one(`touch ${marker}`),
    });
    server.push({ text: "one" }, { text: "two" });
    const untrusted = await run(["hi"]);
    expect(untrusted.code, untrusted.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(untrusted.stderr.match(/Untrusted project .*hooks.*--trust/g)).toHaveLength(1);
    const trusted = await run(["--trust", "hi"]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it("stream-json reports each hook decision", async () => {
    userHooks({ PreToolUse: one(script("validate.py", VALIDATOR), "Bash") });
    server.push(
      { text: "", toolCalls: [{ id: "c1", name: "bash", arguments: { command: "grep x y" } }] },
      { text: "ok" },
    );
    const result = await run(["--output-format", "stream-json", "--allow", "bash", "go"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "hook")).toMatchObject([
      { type: "hook", event: "PreToolUse", outcome: "blocked", tool: "bash" },
    ]);
  });
});
