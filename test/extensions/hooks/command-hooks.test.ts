// The hook runner against real processes: exit codes, JSON answers, parallel runs, and hooks that
// misbehave (megabytes of output, invalid JSON, signals, background jobs, never exiting).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HookSession } from "../../../src/agent/command-hooks.js";
import { CommandHooks } from "../../../src/extensions/hooks/command-hooks.js";
import { collectHooks } from "../../../src/extensions/hooks/config.js";
import type { SettingsLayer } from "../../../src/settings/load.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "agenix-hooks-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const session = (): HookSession => ({
  sessionId: "s1",
  transcriptPath: "/t.json",
  cwd: dir,
  permissionMode: "accept-edits",
  env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
});

function hooks(event: string, commands: (string | { command: string; timeout?: number })[], trusted = true) {
  const layer: SettingsLayer = {
    scope: "user",
    path: "/u/settings.json",
    trusted,
    data: {
      hooks: {
        [event]: [
          {
            matcher: "Bash",
            hooks: commands.map((c) =>
              typeof c === "string" ? { type: "command", command: c } : { type: "command", ...c },
            ),
          },
        ],
      },
    },
  };
  return new CommandHooks(collectHooks([layer]), { projectDir: dir });
}

const bash = { id: "t1", name: "bash", arguments: { command: "ls" } };
const json = (value: unknown) => `echo '${JSON.stringify(value)}'`;

describe("CommandHooks", () => {
  it("sends Claude Code's input on stdin and reads exit 2 as a block with stderr as the reason", async () => {
    const out = await hooks("PreToolUse", [`cat > input.json; echo "no ls here" >&2; exit 2`]).preToolUse(
      bash,
      session(),
    );
    expect(out.decision).toBe("deny");
    expect(out.reason).toBe("no ls here");
    const input = JSON.parse(readFileSync(path.join(dir, "input.json"), "utf8"));
    expect(input).toEqual({
      session_id: "s1",
      transcript_path: "/t.json",
      cwd: dir,
      permission_mode: "acceptEdits",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "ls" },
      tool_use_id: "t1",
    });
  });

  it("runs the hooks of an event in parallel and folds them: deny over ask over allow", async () => {
    const flag = path.join(dir, "flag");
    // The first waits for the second: run one after the other, it would time out.
    const waiter = {
      command: `while [ ! -f ${flag} ]; do sleep 0.02; done; ${json({ hookSpecificOutput: { permissionDecision: "allow" } })}`,
      timeout: 20,
    };
    const out = await hooks("PreToolUse", [
      waiter,
      `touch ${flag}; ${json({ hookSpecificOutput: { permissionDecision: "ask", permissionDecisionReason: "check" } })}`,
    ]).preToolUse(bash, session());
    expect(out.decision).toBe("ask");
    expect(out.reason).toBe("check");
    expect(out.reports.map((r) => r.outcome).sort()).toEqual(["allowed", "ask"]);
    const denied = await hooks("PreToolUse", [
      json({ hookSpecificOutput: { permissionDecision: "allow" } }),
      json({ decision: "block", reason: "legacy block" }),
    ]).preToolUse(bash, session());
    expect(denied).toMatchObject({ decision: "deny", reason: "legacy block" });
  });

  it("continue:false ends the turn with stopReason; systemMessage is reported", async () => {
    const out = await hooks("PreToolUse", [
      json({ continue: false, stopReason: "enough", systemMessage: "bye" }),
    ]).preToolUse(bash, session());
    expect(out.stopTurn).toBe("enough");
    expect(out.reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: "stopped", text: "enough" }),
        expect.objectContaining({ outcome: "message", text: "bye" }),
      ]),
    );
  });

  it("other exit codes, signals and invalid JSON are non-blocking errors, each shown once", async () => {
    const h = hooks("PreToolUse", [`echo oops >&2; exit 1`, `kill -9 $$`, `echo '{not json'`]);
    const first = await h.preToolUse(bash, session());
    expect(first.decision).toBeUndefined();
    const texts = first.reports.map((r) => r.text).sort();
    expect(texts).toEqual([
      "failed with exit code 1: oops",
      "printed invalid JSON; its output was ignored",
      "was ended by SIGKILL",
    ]);
    const second = await h.preToolUse(bash, session());
    expect(second.reports).toEqual([]);
  });

  it("a hook printing megabytes is cut at the bound; one that never exits is killed at its timeout", async () => {
    const big = await hooks("PostToolUse", [`head -c 20000000 /dev/zero | tr '\\0' x; exit 2`]).postToolUse(
      bash,
      { content: "", isError: false },
      session(),
    );
    // 20 MB of stdout is dropped past the bound; the block's reason is stderr (empty: the default).
    expect(big.feedback).toBe("a PostToolUse hook reported a problem");
    const huge = await hooks("PreToolUse", [
      `printf '{"a":"'; head -c 5000000 /dev/zero | tr '\\0' x; printf '"}'`,
    ]).preToolUse(bash, session());
    expect(huge.reports[0]?.text).toContain("more than 1 MB");
    const hang = await hooks("PreToolUse", [{ command: "sleep 60", timeout: 0.5 }]).preToolUse(
      bash,
      session(),
    );
    expect(hang.reports[0]?.text).toBe("timed out after 0.5 s and was stopped");
  });

  it("a background job left holding the output does not keep the hook waiting", async () => {
    const out = await hooks("PreToolUse", [
      `sleep 30 & ${json({ hookSpecificOutput: { permissionDecision: "allow" } })}`,
    ]).preToolUse(bash, session());
    expect(out.decision).toBe("allow");
  });

  it("an untrusted layer's hooks are skipped with the reason; the same command runs once per event", async () => {
    const set = collectHooks([
      {
        scope: "project",
        path: "/p/.agenix/settings.json",
        trusted: false,
        data: { hooks: { Stop: [{ hooks: [{ type: "command", command: "x" }] }] } },
      },
      {
        scope: "user",
        path: "/u",
        trusted: true,
        data: {
          hooks: {
            Stop: [{ hooks: [{ type: "prompt" }] }],
            SubagentStop: [{ hooks: [{ type: "command", command: "y" }] }],
          },
        },
      },
    ]);
    expect(set.runnable).toEqual([]);
    expect(set.skipped.map((s) => s.reason)).toEqual([
      "the project is not trusted (run with --trust)",
      '"prompt" hooks are not supported (only "command")',
      "agenix has no SubagentStop event",
    ]);
    const counter = path.join(dir, "count");
    const twice = hooks("PreToolUse", [`echo x >> ${counter}`, `echo x >> ${counter}`]);
    await twice.preToolUse(bash, session());
    expect(readFileSync(counter, "utf8")).toBe("x\n");
  });
});
