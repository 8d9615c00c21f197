import { describe, expect, it } from "vitest";
import type { AgentSessionInit } from "../../src/agent/agent-session.js";
import type { RecordStore } from "../../src/agent/session-record.js";
import { ProviderError } from "../../src/errors.js";
import type { SessionData } from "../../src/messages/types.js";
import {
  assertValidHistory,
  blockingTool,
  call,
  type FakeProvider,
  fakeProvider,
  fakeTool,
  reply,
} from "./fakes.js";
import { buildSession, collect } from "./session-builder.js";

/** An in-memory store recording what each save saw. */
class MemoryStore implements RecordStore {
  saves: { id: string; count: number }[] = [];
  created = 0;
  failNext = 0;
  locks: string[] = [];
  async createSessionData(o: {
    workingDir: string;
    model: string;
    metadata?: object;
    extra?: Record<string, unknown>;
  }) {
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error("ENOSPC: no space left on device"), { path: "/sessions/x.json" });
    }
    this.created++;
    return {
      id: `20240101_12000${this.created}`,
      working_dir: o.workingDir,
      model: o.model,
      created_at: "2024-01-01T12:00:00Z",
      updated_at: "2024-01-01T12:00:00Z",
      metadata: { ...(o.metadata ?? {}) },
      messages: [],
      ...o.extra,
    } as SessionData;
  }
  async saveSession(data: SessionData) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("EROFS: read-only file system");
    }
    this.saves.push({ id: data.id, count: data.messages.length });
  }
  async acquireLock(id: string) {
    this.locks.push(id);
    return async () => {
      this.locks = this.locks.filter((l) => l !== id);
    };
  }
  sessionPath(id: string) {
    return `/sessions/${id}.json`;
  }
}

function makeSession(
  provider: FakeProvider,
  store: MemoryStore | null,
  extra: Partial<AgentSessionInit> = {},
) {
  return buildSession(provider, {
    store,
    workingDir: "/work",
    maxTurns: 10,
    tools: [fakeTool("bash")],
    ...extra,
  });
}

describe("AgentSession", () => {
  it("creates the file with the first message and saves every message before going on", async () => {
    const store = new MemoryStore();
    let savesAtFirstCall = -1;
    const provider = fakeProvider([
      (req) => {
        savesAtFirstCall = store.saves.length;
        return reply("", [call("c1", "bash")])(req);
      },
      reply("done"),
    ]);
    const session = makeSession(provider, store);
    expect(session.id).toBeUndefined();
    expect(store.created).toBe(0);
    expect(await session.prompt("hi")).toBe("done");
    expect(savesAtFirstCall).toBe(1);
    expect(session.id).toBe("20240101_120001");
    expect(store.saves.map((s) => s.count)).toEqual([1, 2, 3, 4]);
    expect(store.locks).toEqual(["20240101_120001"]);
    expect(session.getData().provider).toBe("openai");
    expect("system_prompt" in session.getData()).toBe(false);
    await session.close();
    expect(store.locks).toEqual([]);
  });

  it("warns once when saving fails, keeps going in memory and retries on the next message", async () => {
    const store = new MemoryStore();
    store.failNext = 2; // createSessionData fails, then the retry's create works and the save fails
    const session = makeSession(fakeProvider([reply("", [call("c1", "bash")]), reply("ok")]), store);
    const events = await collect(session.stream("hi"));
    const notices = events.filter((e) => e.type === "notice");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: "warning" });
    expect((notices[0] as { text: string }).text).toMatch(
      /^Warning: could not save session \/sessions\/x\.json: ENOSPC.*The conversation continues in memory; agenix will retry on the next message\.$/,
    );
    // Everything reached the store once saving worked again.
    expect(store.saves.at(-1)?.count).toBe(4);
    expect(session.getMessages()).toHaveLength(4);
  });

  it("stores a custom system prompt and metadata; save:false never touches a store", async () => {
    const store = new MemoryStore();
    const session = makeSession(fakeProvider([reply("a")]), store, { customSystemPrompt: "custom" });
    await session.setMetadata({ name: "Refactor", tags: ["auth"] });
    await session.prompt("x");
    expect(session.getData()).toMatchObject({
      system_prompt: "custom",
      metadata: { name: "Refactor", tags: ["auth"] },
    });

    const memoryOnly = makeSession(fakeProvider([reply("b")]), null);
    expect(await memoryOnly.prompt("y")).toBe("b");
    expect(memoryOnly.id).toBeUndefined();
    expect(memoryOnly.getMessages()).toHaveLength(2);
  });

  it("prompt rejects with the ProviderError, and with an AbortError on abort", async () => {
    const error = new ProviderError("unknown model gpt-9", 404);
    const failing = makeSession(fakeProvider([() => [{ type: "error", error, aborted: false }]]), null);
    await expect(failing.prompt("x")).rejects.toBe(error);
    expect(failing.getMessages().map((m) => m.role)).toEqual(["user"]);

    const controller = new AbortController();
    const session = makeSession(fakeProvider([reply("", [call("c1", "bash")])]), null, {
      tools: [blockingTool("bash", () => controller.abort())],
    });
    await expect(session.prompt("x", { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    assertValidHistory(session.getMessages());
  });

  it("leaving stream() early aborts the run and leaves a valid history; one run at a time", async () => {
    const session = makeSession(fakeProvider([reply("", [call("c1", "bash"), call("c2", "bash")])]), null, {
      tools: [blockingTool("bash")],
    });
    for await (const event of session.stream("x")) {
      await expect(session.stream("again").next()).rejects.toThrow(/already running/);
      if (event.type === "tool_call") break;
    }
    assertValidHistory(session.getMessages());
    expect(session.getMessages().filter((m) => m.role === "tool")).toHaveLength(2);
  });

  it("clearMessages starts a new session and keeps the old one", async () => {
    const store = new MemoryStore();
    const session = makeSession(fakeProvider([reply("a")]), store);
    await session.prompt("x");
    const first = session.id;
    await session.clearMessages();
    expect(session.id).toBeUndefined();
    expect(session.getMessages()).toEqual([]);
    await session.prompt("y");
    expect(session.id).not.toBe(first);
    expect(store.created).toBe(2);
  });
});
