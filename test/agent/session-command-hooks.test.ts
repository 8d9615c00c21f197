// AgentSession's command-hook events with a recording port (no processes): PreCompact before a
// compaction, SessionStart "compact" after it (its context sent with the next prompt), SessionStart
// startup/resume/clear, SessionEnd reasons, and a blocked prompt that is neither sent nor saved.
import { describe, expect, it } from "vitest";
import type { CommandHookPort, HookSession } from "../../src/agent/command-hooks.js";
import type { Message } from "../../src/messages/types.js";
import { reply, type Step } from "./fakes.js";
import { collect, savedSession } from "./session-builder.js";

function recordingPort(calls: string[], blockPrompt?: string): CommandHookPort {
  const none = { reports: [] };
  const seen = (what: string, s: HookSession) => calls.push(`${what} ${s.sessionId} ${s.permissionMode}`);
  return {
    has: () => true,
    preToolUse: async () => none,
    postToolUse: async () => none,
    stop: async () => none,
    userPromptSubmit: async (prompt, s) => {
      seen(`UserPromptSubmit ${prompt}`, s);
      return blockPrompt && prompt.includes(blockPrompt)
        ? {
            reports: [{ event: "UserPromptSubmit", outcome: "blocked", text: "no" }],
            blocked: "no",
            context: [],
          }
        : { reports: [], context: [] };
    },
    sessionStart: async (source, s) => {
      seen(`SessionStart ${source}`, s);
      return { reports: [], context: [`context from ${source}`] };
    },
    sessionEnd: async (reason, s) => {
      seen(`SessionEnd ${reason}`, s);
      return none;
    },
    preCompact: async (trigger, instructions, s) => {
      seen(`PreCompact ${trigger} ${instructions}`, s);
      return none;
    },
    notification: async () => none,
  };
}

function session(steps: Step[], calls: string[], loaded = true, blockPrompt?: string) {
  return savedSession(steps, {
    ...(loaded ? {} : { data: undefined }),
    commandHooks: recordingPort(calls, blockPrompt),
  });
}

const lastUserText = (messages: Message[]) =>
  JSON.stringify(messages.filter((m) => m.role === "user").at(-1));

describe("command hooks in AgentSession", () => {
  it("PreCompact runs before a compaction; SessionStart compact's context goes with the next prompt", async () => {
    const calls: string[] = [];
    const { s, provider } = session([reply("THE SUMMARY"), reply("ok")], calls);
    await s.started();
    await s.compact({ instructions: "focus" });
    await s.prompt("next");
    await s.close();
    expect(calls).toEqual([
      "SessionStart resume 20240101_120000 default",
      "PreCompact manual focus 20240101_120000 default",
      "SessionStart compact 20240101_120000 default",
      "UserPromptSubmit next 20240101_120000 default",
      "SessionEnd other 20240101_120000 default",
    ]);
    const sent = lastUserText(provider.requests[1]!);
    expect(sent).toContain("context from resume");
    expect(sent).toContain("context from compact");
  });

  it("a new session hears startup, /clear hears clear; a blocked prompt is neither sent nor saved", async () => {
    const calls: string[] = [];
    const { s, provider, saves } = session([reply("hi")], calls, false, "secret");
    await s.started();
    const events = await collect(s.stream("my secret"));
    expect(events.map((e) => e.type)).toEqual(["hook", "agent_end"]);
    expect(events.at(-1)).toMatchObject({ stopReason: "blocked" });
    expect(provider.requests).toHaveLength(0);
    expect(saves).toHaveLength(0);
    await s.clearMessages();
    expect(calls).toEqual([
      "SessionStart startup  default",
      "UserPromptSubmit my secret  default",
      "SessionEnd clear  default",
      "SessionStart clear  default",
    ]);
  });
});
