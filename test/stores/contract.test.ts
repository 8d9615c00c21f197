// One test list, two stores: everything the SessionStore contract promises must hold for the
// file store and for PostgreSQL alike, so a feature cannot silently work on files only.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionLockedError, SessionNotFoundError } from "../../src/errors.js";
import type { Message, SessionData } from "../../src/messages/types.js";
import { serializeSession } from "../../src/sessions/serialize.js";
import type { SessionStore } from "../../src/sessions/store.js";
import { assistantMessage, toolMessage, userMessage } from "../sessions/helpers.js";
import { holdLock, makeStore, STORE_KINDS, type StoreUnderTest, waitFor } from "./stores.js";

const HOSTILE = [
  `it's "quoted" \\ back\\slash; DROP TABLE agenix_sessions; --`,
  "emoji 🎉👩‍💻 and CJK 漢字 and RTL שלום",
  "control-ish \u0001\u0002\u007f text and \\u0000 written out",
  "$1 $2 %s %d ? :name",
];

describe.each(STORE_KINDS)("session store contract: %s", (kind) => {
  let store: StoreUnderTest;
  let manager: SessionStore;
  beforeEach(async () => {
    store = await makeStore(kind);
    manager = store.open();
    mkdirSync(store.workDir, { recursive: true });
  });
  afterEach(async () => {
    await store.cleanup();
  });

  async function newSession(messages: Message[] = [], name?: string): Promise<SessionData> {
    const data = await manager.createSessionData({
      workingDir: store.workDir,
      model: "gpt-4o",
      metadata: name ? { name } : {},
      extra: { provider: "openai" },
    });
    for (const message of messages) {
      data.messages.push(message);
      await manager.saveSession(data);
    }
    return data;
  }

  it("round-trips a session to the exact spec JSON, message by message", async () => {
    const data = await newSession([
      userMessage("What files are here?"),
      assistantMessage("I'll check...", "call_123"),
      toolMessage("call_123", "file1.py\nfile2.py\n"),
      assistantMessage("You have 2 Python files..."),
    ]);
    const loaded = await store.open().loadSession(data.id, { workingDir: store.workDir });
    expect(serializeSession(loaded).text).toBe(serializeSession(data).text);
    expect(Object.keys(loaded)).toEqual([
      "id",
      "working_dir",
      "model",
      "created_at",
      "updated_at",
      "metadata",
      "messages",
      "provider",
    ]);
  });

  it("keeps hostile text, 1 MB tool outputs and odd metadata exactly", async () => {
    const big = `${"x".repeat(1024 * 1024 - 10)}END`;
    const data = await newSession(
      [
        userMessage(HOSTILE.join("\n")),
        assistantMessage(HOSTILE[1], "call'1\""),
        toolMessage("call'1\"", big),
        ...HOSTILE.map((text) => userMessage(text)),
      ],
      HOSTILE[0],
    );
    data.metadata.tags = [...HOSTILE];
    await manager.saveSession(data);
    const loaded = await store.open().loadSession(data.id, { workingDir: store.workDir });
    expect(loaded).toEqual(data);
    expect((loaded.messages[2] as { content: string }).content).toBe(big);
  });

  it("lists by working directory and across all, newest first, with names and counts", async () => {
    const a = await newSession([userMessage("first session")], "A");
    const other = path.join(store.workDir, "..", "other");
    const b = await manager.createSessionData({ workingDir: other, model: "gpt-4o" });
    b.messages.push(userMessage("elsewhere"));
    b.updated_at = "2999-01-01T00:00:00Z";
    await manager.saveSession(b, { keepUpdatedAt: true });
    const here = await store.open().listSessions({ workingDir: store.workDir });
    expect(here.map((s) => s.id)).toEqual([a.id]);
    expect(here[0]).toMatchObject({
      message_count: 1,
      first_message: "first session",
      metadata: { name: "A" },
    });
    const all = await store.open().listSessions({ all: true });
    expect(all.map((s) => s.id)).toEqual([b.id, a.id]);
    expect((await store.open().latestSession(store.workDir))?.id).toBe(a.id);
  });

  it("claims distinct ids for sessions created at once, in the spec's format", async () => {
    const managers = Array.from({ length: 8 }, () => store.open());
    const made = await Promise.all(
      managers.map((m) => m.createSessionData({ workingDir: store.workDir, model: "gpt-4o" })),
    );
    const ids = made.map((d) => d.id);
    expect(new Set(ids).size).toBe(8);
    for (const id of ids) expect(id).toMatch(/^\d{8}_\d{6}(_\d+)?$/);
    expect((await manager.listSessions({ workingDir: store.workDir })).length).toBe(8);
  });

  it("saves edits of earlier messages (a rewrite), e.g. the spec's redaction recipe", async () => {
    const data = await newSession([
      userMessage("show env"),
      assistantMessage("ok", "c1"),
      toolMessage("c1", "api_key=sk-secret-123"),
      assistantMessage("done"),
    ]);
    const loaded = await store.open().loadSession(data.id, { workingDir: store.workDir });
    loaded.messages[2] = { ...loaded.messages[2], content: "[REDACTED]" } as Message;
    const writer = store.open();
    await writer.saveSession(loaded);
    const again = await store.open().loadSession(data.id, { workingDir: store.workDir });
    expect(JSON.stringify(again)).not.toContain("sk-secret-123");
    expect(again.messages).toHaveLength(4);
  });

  it("refuses loudly an in-place edit of a saved message, and saves an edit of a freshly loaded one", async () => {
    const data = await newSession([userMessage("secret sk-abc"), assistantMessage("ok")]);
    expect(() => {
      (data.messages[0] as { content: string }).content = "changed";
    }).toThrow(TypeError);
    const loaded = await store.open().loadSession(data.id, { workingDir: store.workDir });
    (loaded.messages[0] as { content: string }).content = "[REDACTED]";
    await manager.saveSession(loaded);
    const again = await store.open().loadSession(data.id, { workingDir: store.workDir });
    expect((again.messages[0] as { content: string }).content).toBe("[REDACTED]");
  });

  it("renames and tags under the lock, keeping updated_at", async () => {
    const data = await newSession([userMessage("hello")]);
    const before = (await manager.loadSession(data.id, { workingDir: store.workDir })).updated_at;
    await store.open().updateMetadata(data.id, (m) => ({ ...m, name: "renamed", tags: ["x"] }), {
      workingDir: store.workDir,
    });
    const after = await store.open().loadSession(data.id, { workingDir: store.workDir });
    expect(after.metadata).toEqual({ name: "renamed", tags: ["x"] });
    expect(after.updated_at).toBe(before);
  });

  it("allows one writer across processes: in-use error while held, free after the holder ends", async () => {
    const data = await newSession([userMessage("hello")]);
    const holder = await holdLock(store, data.id);
    const other = store.open();
    await expect(other.acquireLock(data.id, { workingDir: store.workDir })).rejects.toBeInstanceOf(
      SessionLockedError,
    );
    await expect(other.deleteSession(data.id, { workingDir: store.workDir })).rejects.toThrow(/in use/);
    await holder.end();
    const again = await other.acquireLock(data.id, { workingDir: store.workDir });
    await again();
  });

  it("frees the lock of a writer that was killed (kill -9)", async () => {
    const data = await newSession([userMessage("hello")]);
    const holder = await holdLock(store, data.id);
    holder.kill();
    const release = await waitFor(() => store.open().acquireLock(data.id, { workingDir: store.workDir }));
    await release();
  });

  it("deletes a session; loading it then says not found", async () => {
    const data = await newSession([userMessage("bye")]);
    await store.open().deleteSession(data.id, { workingDir: store.workDir });
    await expect(store.open().loadSession(data.id, { workingDir: store.workDir })).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
    expect(await manager.listSessions({ all: true })).toEqual([]);
  });

  it("imports a spec file under a fresh id when its id is taken, and exports it redacted", async () => {
    const data = await newSession([userMessage("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here")]);
    const file = path.join(store.workDir, `${data.id}.json`);
    writeFileSync(file, serializeSession(data).text);
    const imported = await store.open().importSession(file, { workingDir: store.workDir });
    expect(imported.id).toBe(`${data.id}_2`);
    const { json, redactions } = await store.open().exportSession(imported.id, {
      workingDir: store.workDir,
      redact: true,
    });
    expect(redactions).toBeGreaterThan(0);
    expect(json).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
  });

  it("gives interrupted tool calls a result on load, and repair saves it", async () => {
    const data = await newSession([userMessage("run"), assistantMessage("running", "c9")]);
    const loaded = await store.open().loadSession(data.id, { workingDir: store.workDir });
    expect(loaded.messages.at(-1)).toMatchObject({ role: "tool", tool_call_id: "c9", is_error: true });
    const result = await store.open().repairSession(data.id, { workingDir: store.workDir });
    expect(result.addedToolResults).toBe(1);
    const list = await store.open().listSessions({ workingDir: store.workDir });
    expect(list[0].message_count).toBe(3);
  });
});
