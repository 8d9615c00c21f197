// AgentSession's command-hook events with a recording port (no processes): PreCompact before a
// compaction, SessionStart "compact" after it (its context sent with the next prompt), SessionStart
// startup/resume/clear, SessionEnd reasons, and a blocked prompt that is neither sent nor saved.
import { describe, expect, it } from "vitest";
import { AgentSession } from "../../src/agent/agent-session.js";
import type { CommandHookPort, HookSession } from "../../src/agent/command-hooks.js";
import type { AgentEvent } from "../../src/agent/events.js";
import type { Message, SessionData } from "../../src/messages/types.js";
import { fakeProvider, reply, type Step } from "./fakes.js";

const T = "2024-01-01T12:00:00Z";

function history(turns: number): Message[] {
  return Array.from({ length: turns }, (_, i) => [
    { role: "user" as const, content: `turn ${i + 1} ${"x".repeat(4000)}`, timestamp: T },
    {
      role: "assistant" as const,
      content: [{ type: "text" as const, text: `answer ${i + 1}` }],
      timestamp: T,
    },
  ]).flat();
}

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
  const provider = fakeProvider(steps);
  const saves: SessionData[] = [];
  const data = (messages: Message[]): SessionData => ({
    id: "20240101_120000",
    working_dir: "/w",
    model: "m",
    created_at: T,
    updated_at: T,
    metadata: {},
    messages,
  });
  const s = new AgentSession({
    store: {
      createSessionData: async () => data([]),
      saveSession: async (d: SessionData) => {
        saves.push(structuredClone(d));
      },
    },
    data: loaded ? data(history(3)) : undefined,
    model: "gpt-4o",
    workingDir: "/w",
    systemPrompt: "sys",
    maxTurns: 5,
    tools: [],
    providerFor: async () => provider,
    providerName: "openai",
    compaction: { enabled: true, contextWindow: 8000 },
    commandHooks: recordingPort(calls, blockPrompt),
  });
  return { s, provider, saves };
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
    const events: AgentEvent[] = [];
    for await (const e of s.stream("my secret")) events.push(e);
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
