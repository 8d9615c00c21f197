// The AgentSession the agent tests build: in memory, over a scripted provider (fakes.ts), with the
// defaults every such test shares (model gpt-4o through "openai", working dir /w, prompt "sys", no
// tools). A test passes only what it is about.
import { AgentSession, type AgentSessionInit } from "../../src/agent/agent-session.js";
import type { AgentEvent } from "../../src/agent/events.js";
import type { RecordStore } from "../../src/agent/session-record.js";
import type { Message, SessionData } from "../../src/messages/types.js";
import type { Provider } from "../../src/providers/types.js";
import { fakeProvider, type Step } from "./fakes.js";

export const T = "2024-01-01T12:00:00Z";

/** `turns` user/assistant exchanges; each user message carries `chars` characters of padding. */
export function history(turns: number, chars = 4000): Message[] {
  const out: Message[] = [];
  for (let i = 1; i <= turns; i++) {
    out.push({ role: "user", content: `turn ${i} ${"x".repeat(chars)}`, timestamp: T });
    out.push({ role: "assistant", content: [{ type: "text", text: `answer ${i}` }], timestamp: T });
  }
  return out;
}

/** A saved session's data (id 20240101_120000) holding `messages`. */
export function sessionData(messages: Message[]): SessionData {
  return {
    id: "20240101_120000",
    working_dir: "/w",
    model: "m",
    created_at: T,
    updated_at: T,
    metadata: {},
    messages,
  };
}

/** A store that creates sessions with id 20240101_120000 and keeps a copy of every save in `saves`. */
export function recordingStore(saves: SessionData[]): RecordStore {
  return {
    createSessionData: async () => sessionData([]),
    saveSession: async (d: SessionData) => {
      saves.push(structuredClone(d));
    },
  };
}

/** A session asking `provider`, saving nothing unless `init` gives a store. */
export function buildSession(provider: Provider, init: Partial<AgentSessionInit> = {}): AgentSession {
  return new AgentSession({
    store: null,
    model: "gpt-4o",
    workingDir: "/w",
    systemPrompt: "sys",
    maxTurns: 5,
    tools: [],
    providerFor: async () => provider,
    providerName: "openai",
    ...init,
  });
}

/**
 * A loaded session of `messages` (default three long exchanges) answered by `steps`, saved to a
 * recording store, with compaction on at an 8,000-token window.
 */
export function savedSession(steps: Step[], init: Partial<AgentSessionInit> = {}, messages = history(3)) {
  const provider = fakeProvider(steps);
  const saves: SessionData[] = [];
  const s = buildSession(provider, {
    store: recordingStore(saves),
    data: sessionData(messages),
    compaction: { enabled: true, contextWindow: 8000 },
    ...init,
  });
  return { s, provider, saves };
}

export async function collect(iterable: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}
