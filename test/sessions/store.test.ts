import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionLoadError, SessionNotFoundError } from "../../src/errors.js";
import { INTERRUPTED_TOOL_RESULT } from "../../src/messages/repair-tool-calls.js";
import { SessionSchema } from "../../src/messages/schema.js";
import { nodeIo, type SessionIo } from "../../src/sessions/io.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { assistantMessage, makeTempRoot, sampleConversation, type TempRoot, userMessage } from "./helpers.js";

const specExample = path.resolve(import.meta.dirname, "../fixtures/spec-example.json");

let tmp: TempRoot;
let manager: SessionManager;
beforeEach(() => {
  tmp = makeTempRoot();
  manager = new SessionManager({ dir: tmp.root });
});
afterEach(() => tmp.cleanup());

/** Records the size of every write, to tell the append path from a full rewrite. */
function countingIo(writes: number[]): SessionIo {
  return {
    ...nodeIo,
    write: (h, data, pos) => {
      writes.push(data.length);
      return nodeIo.write(h, data, pos);
    },
  };
}

describe("session files", () => {
  it("round-trips the spec's example file", async () => {
    const { id, path: file } = await manager.importSession(specExample);
    expect(id).toBe("spec-example");
    const loaded = await manager.loadSession(id, { workingDir: "/home/user/project" });
    const original = JSON.parse(readFileSync(specExample, "utf8"));
    expect(loaded).toEqual({ ...original, id: "spec-example" });
    // Written exactly like JSON.stringify(..., null, 2): header keys first, in the spec's order.
    const text = readFileSync(file, "utf8");
    expect(text).toBe(`${JSON.stringify({ ...original, id: "spec-example" }, null, 2)}\n`);
    expect(Object.keys(JSON.parse(text))).toEqual([
      "id",
      "working_dir",
      "model",
      "created_at",
      "updated_at",
      "metadata",
      "messages",
    ]);
  });

  it("creates the root 0700 and files 0600 whatever the umask", async () => {
    for (const mask of [0o022, 0o077, 0o000]) {
      const old = process.umask(mask);
      try {
        const m = new SessionManager({ dir: path.join(tmp.base, `root-${mask}`) });
        const data = await m.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
        data.messages.push(userMessage("hi"));
        await m.saveSession(data);
        data.metadata.name = "renamed"; // forces a full rewrite
        await m.saveSession(data);
        const file = await m.sessionPath(data.id, { workingDir: tmp.workDir });
        expect(statSync(m.dir).mode & 0o777).toBe(0o700);
        expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
        expect(statSync(file).mode & 0o777).toBe(0o600);
      } finally {
        process.umask(old);
      }
    }
  });

  it("names new sessions YYYYMMDD_HHMMSS and claims _2, _3 in the same second", async () => {
    // The clock is pinned (AGENIX_TEST_NOW), so the five really collide.
    process.env.AGENIX_TEST_NOW = "2024-01-01T12:00:00Z";
    let sessions: Awaited<ReturnType<typeof manager.createSessionData>>[];
    try {
      sessions = await Promise.all(
        Array.from({ length: 5 }, () =>
          manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" }),
        ),
      );
    } finally {
      delete process.env.AGENIX_TEST_NOW;
    }
    const ids = sessions.map((s) => s.id);
    expect(ids.sort()).toEqual([
      "20240101_120000",
      "20240101_120000_2",
      "20240101_120000_3",
      "20240101_120000_4",
      "20240101_120000_5",
    ]);
    expect(
      readdirSync(manager.folderFor(tmp.workDir)).filter((n) => n.endsWith(".json") && !n.startsWith(".")),
    ).toHaveLength(5);
  });

  it("appends a message by writing only the message, and the file stays identical to a full write", async () => {
    const writes: number[] = [];
    const m = new SessionManager({ dir: tmp.root, io: countingIo(writes) });
    const data = await m.createSessionData({
      workingDir: tmp.workDir,
      model: "gpt-4o",
      extra: { system_prompt: "Be brief." },
    });
    const big = "x".repeat(200_000);
    data.messages.push(userMessage(big));
    await m.saveSession(data);
    writes.length = 0;
    for (const message of sampleConversation()) {
      data.messages.push(message);
      await m.saveSession(data);
    }
    // Each save wrote its message (plus the short tail and the 20-byte stamp), never the 200 KB.
    expect(Math.max(...writes)).toBeLessThan(1_000);
    const file = await m.sessionPath(data.id, { workingDir: tmp.workDir });
    const text = readFileSync(file, "utf8");
    expect(text).toBe(`${JSON.stringify(data, null, 2)}\n`);
    expect(JSON.parse(text).system_prompt).toBe("Be brief.");
    // A second manager (a resumed process, which only appends) continues appending after loading.
    const other = new SessionManager({ dir: tmp.root, io: countingIo(writes) });
    const again = await other.loadSession(data.id, { workingDir: tmp.workDir, frozen: true });
    writes.length = 0;
    again.messages.push(userMessage("and now?"));
    await other.saveSession(again);
    expect(Math.max(...writes)).toBeLessThan(1_000);
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(again, null, 2)}\n`);
  });

  it("adds or changes an extra key (provider) by rewriting only the tail; removing one rewrites the file", async () => {
    const writes: number[] = [];
    const m = new SessionManager({ dir: tmp.root, io: countingIo(writes) });
    const data = await m.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    data.messages.push(userMessage("y".repeat(200_000)));
    await m.saveSession(data);
    const file = await m.sessionPath(data.id, { workingDir: tmp.workDir });
    const inode = statSync(file).ino;

    // A resumed session that gains `provider` (files from older tools or the SDK have none).
    const other = new SessionManager({ dir: tmp.root, io: countingIo(writes) });
    const again = await other.loadSession(data.id, { workingDir: tmp.workDir, frozen: true });
    writes.length = 0;
    again.provider = "anthropic";
    again.messages.push(userMessage("next"));
    await other.saveSession(again);
    expect(Math.max(...writes)).toBeLessThan(1_000);
    expect(statSync(file).ino).toBe(inode);
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(again, null, 2)}\n`);

    // Removing it shortens the tail: the file is rewritten whole, still exact JSON.
    delete again.provider;
    await other.saveSession(again);
    expect(statSync(file).ino).not.toBe(inode);
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(again, null, 2)}\n`);
  });

  it("rewrites fully when earlier messages change or the file changed on disk", async () => {
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    data.messages.push(...sampleConversation());
    await manager.saveSession(data);
    data.messages.splice(1, 1);
    await manager.saveSession(data);
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    expect(JSON.parse(readFileSync(file, "utf8")).messages).toHaveLength(3);
    // Replacing the last message (same count) is not an append either.
    data.messages[2] = userMessage("replaced");
    await manager.saveSession(data);
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(data, null, 2)}\n`);
    // Someone else edits the file; our next save must not append at a stale offset.
    const edited = JSON.parse(readFileSync(file, "utf8"));
    edited.metadata.name = "edited elsewhere, longer than before";
    writeFileSync(file, JSON.stringify(edited, null, 2));
    data.messages.push(userMessage("next"));
    await manager.saveSession(data);
    const final = SessionSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(final.messages).toHaveLength(4);
  });
});

describe("loading errors", () => {
  async function writeSession(name: string, text: string): Promise<string> {
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    const file = path.join(manager.folderFor(tmp.workDir), `${name}.json`);
    writeFileSync(file, text);
    expect(data.id).not.toBe(name);
    return file;
  }

  it("says Session not found", async () => {
    await expect(manager.loadSession("20990101_000000")).rejects.toThrow(SessionNotFoundError);
    await expect(manager.loadSession("20990101_000000")).rejects.toThrow(
      "Session not found: 20990101_000000",
    );
  });

  it("names the line and column of a JSON syntax error", async () => {
    const file = await writeSession("broken", '{\n  "id": "x",\n  "model": }\n');
    const error = await manager.loadSession("broken", { workingDir: tmp.workDir }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionLoadError);
    expect(error.message).toBe(
      `Failed to load session: ${file}: invalid JSON at line 3, column 12 (position 26): unexpected "}"; run: agenix sessions repair broken`,
    );
  });

  it("names the schema path of an invalid message", async () => {
    const spec = JSON.parse(readFileSync(specExample, "utf8"));
    spec.messages[3].role = "robot";
    const file = await writeSession("badrole", JSON.stringify(spec, null, 2));
    const error = await manager.loadSession("badrole", { workingDir: tmp.workDir }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionLoadError);
    expect(error.message).toMatch(
      new RegExp(`^Failed to load session: ${file}: invalid session at messages\\[3\\]\\.role: `),
    );
  });

  it("rejects files that are not session objects", async () => {
    for (const [name, text] of [
      ["empty", ""],
      ["array", "[]"],
      ["nul", "\0\0\0"],
    ]) {
      await writeSession(name, text);
      await expect(manager.loadSession(name, { workingDir: tmp.workDir })).rejects.toThrow(
        /^Failed to load session: /,
      );
    }
  });
});

describe("torn files and tool calls", () => {
  it("truncated at every byte of its last message: load keeps all earlier messages, repair salvages them", async () => {
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    const conversation = sampleConversation();
    data.messages.push(...conversation.slice(0, 3));
    await manager.saveSession(data);
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    const before = readFileSync(file);
    data.messages.push(conversation[3]);
    await manager.saveSession(data);
    const full = readFileSync(file);
    const lastStart = before.length - Buffer.byteLength("\n  ]\n}\n");
    for (let cut = lastStart; cut < full.length - 1; cut++) {
      writeFileSync(file, full.subarray(0, cut));
      const m = new SessionManager({ dir: tmp.root });
      const loaded = await m.loadSession(data.id, { workingDir: tmp.workDir });
      const complete = loaded.messages.length;
      // Once the last message is whole (cut in the tail), it is kept too.
      expect(complete === 3 || complete === 4).toBe(true);
      expect(loaded.messages.slice(0, 3)).toEqual(conversation.slice(0, 3));
    }
    // `repair` on a file cut inside the last message: three messages, original kept as a backup.
    const cut = lastStart + 40;
    writeFileSync(file, full.subarray(0, cut));
    const result = await manager.repairSession(data.id, { workingDir: tmp.workDir });
    expect(result.messages).toBe(3);
    expect(result.backup).toMatch(new RegExp(`${data.id}\\.json\\.bak-\\d{8}_\\d{6}$`));
    expect(readFileSync(result.backup!)).toEqual(full.subarray(0, cut));
    const repaired = SessionSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(repaired.messages).toEqual(conversation.slice(0, 3));
  });

  it("repair skips a damaged message in the middle and keeps the ones after it", async () => {
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    data.messages.push(userMessage("one"), userMessage("two"), userMessage("three"));
    await manager.saveSession(data);
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    writeFileSync(file, readFileSync(file, "utf8").replace('"content": "two"', '"content": tw#o"'));
    await expect(manager.loadSession(data.id, { workingDir: tmp.workDir })).rejects.toThrow(SessionLoadError);
    const result = await manager.repairSession(data.id, { workingDir: tmp.workDir });
    expect(result).toMatchObject({ messages: 2, skipped: 1, changed: true });
    const loaded = await manager.loadSession(data.id, { workingDir: tmp.workDir });
    expect(loaded.messages.map((m) => m.content)).toEqual(["one", "three"]);
  });

  it("gives tool calls without results a synthetic error result on load", async () => {
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    data.messages.push(userMessage("list"), assistantMessage("checking", "call_9"));
    await manager.saveSession(data);
    const loaded = await manager.loadSession(data.id, { workingDir: tmp.workDir });
    expect(loaded.messages).toHaveLength(3);
    expect(loaded.messages[2]).toMatchObject({
      role: "tool",
      tool_call_id: "call_9",
      name: "bash",
      content: INTERRUPTED_TOOL_RESULT,
      is_error: true,
    });
  });
});
