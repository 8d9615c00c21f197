// Fork: boundaries that keep tool calls with their results, byte-identity of the source, SDK fork.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentSession } from "../../src/agent/agent-session.js";
import { forkSession } from "../../src/history/fork.js";
import { forkPointProblem, isForkPoint, nearestForkPoints } from "../../src/messages/fork-point.js";
import type { Message } from "../../src/messages/types.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { fakeProvider, reply } from "../agent/fakes.js";

const T = "2024-01-01T12:00:00Z";
const conversation: Message[] = [
  { role: "user", content: "list files", timestamp: T },
  {
    role: "assistant",
    content: [{ type: "text", text: "checking" }],
    tool_calls: [
      { id: "a", name: "bash", arguments: { command: "ls" } },
      { id: "b", name: "bash", arguments: { command: "pwd" } },
    ],
    timestamp: T,
  },
  { role: "tool", tool_call_id: "a", name: "bash", content: "x.py", is_error: false, timestamp: T },
  { role: "tool", tool_call_id: "b", name: "bash", content: "/p", is_error: false, timestamp: T },
  { role: "assistant", content: [{ type: "text", text: "one file" }], timestamp: T },
  { role: "user", content: "thanks", timestamp: T },
];

describe("fork points", () => {
  it("never separates a tool call from its results", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => isForkPoint(conversation, n))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(nearestForkPoints(conversation, 3)).toEqual([1, 4]);
    expect(forkPointProblem(conversation, 2)).toMatch(
      /separate a tool call from its result.*nearest valid --at is 1 or 4/,
    );
    expect(forkPointProblem(conversation, 7)).toMatch(/from 0 to 6/);
    expect(forkPointProblem(conversation, -1)).toMatch(/from 0 to 6/);
    expect(forkPointProblem(conversation, 4)).toBeUndefined();
  });
});

describe("forkSession", () => {
  let root: string;
  let manager: SessionManager;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "agenix-fork-"));
    manager = new SessionManager({ dir: root });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("copies the first N messages into a new session and leaves the source byte-for-byte untouched", async () => {
    const source = await manager.createSessionData({
      workingDir: "/tmp/fork-project",
      model: "claude-sonnet-4",
      metadata: { name: "original", tags: ["x"] },
      extra: { system_prompt: "be brief" },
    });
    source.messages.push(...structuredClone(conversation));
    await manager.saveSession(source);
    const sourceFile = await manager.sessionPath(source.id, { workingDir: source.working_dir });
    const before = readFileSync(sourceFile);

    const fork = await forkSession(manager, source.id, {
      at: 4,
      name: "experiment",
      workingDir: "/tmp/fork-project",
    });
    expect(fork.id).not.toBe(source.id);
    const saved = JSON.parse(
      readFileSync(await manager.sessionPath(fork.id, { workingDir: "/tmp/fork-project" }), "utf8"),
    );
    expect(saved).toMatchObject({
      working_dir: "/tmp/fork-project",
      model: "claude-sonnet-4",
      system_prompt: "be brief",
      metadata: { name: "experiment", tags: ["x"], forked_from: { session_id: source.id, message_index: 4 } },
    });
    expect(saved.messages).toEqual(conversation.slice(0, 4));
    const all = await forkSession(manager, source.id, { workingDir: "/tmp/fork-project" });
    expect(all.messages).toHaveLength(6);
    expect(all.metadata.name).toBe("original");
    await expect(forkSession(manager, source.id, { at: 3, workingDir: "/tmp/fork-project" })).rejects.toThrow(
      /nearest valid --at is 1 or 4/,
    );
    expect(readFileSync(sourceFile).equals(before)).toBe(true);
  });
});

describe("SDK session.fork({at})", () => {
  it("returns a new session with its own file; the original goes on unchanged", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "agenix-sdkfork-"));
    try {
      const manager = new SessionManager({ dir: root });
      const provider = fakeProvider([reply("first answer"), reply("second answer"), reply("forked answer")]);
      const session = new AgentSession({
        store: manager,
        model: "fake-model",
        workingDir: root,
        systemPrompt: "s",
        maxTurns: 5,
        tools: [],
        providerFor: async () => provider,
        providerName: "openai",
      });
      await session.prompt("one");
      await session.prompt("two");
      await expect(session.fork({ at: 9 })).rejects.toThrow(/from 0 to 4/);
      const fork = await session.fork({ at: 2 });
      expect(fork.id).toBeDefined();
      expect(fork.id).not.toBe(session.id);
      expect(fork.getMessages()).toEqual(session.getMessages().slice(0, 2));
      expect(fork.getData().metadata.forked_from).toEqual({ session_id: session.id, message_index: 2 });
      await fork.prompt("three");
      expect(fork.getMessages().map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
      expect(session.getMessages()).toHaveLength(4);
      const onDisk = JSON.parse(
        readFileSync(await manager.sessionPath(fork.id!, { workingDir: root }), "utf8"),
      );
      expect(onDisk.messages).toHaveLength(4);
      await fork.close();
      await session.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
