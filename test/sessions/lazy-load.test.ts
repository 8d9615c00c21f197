// Loading a compacted session lazily: the kept messages are parsed at once, older ones on first
// read, and the result is indistinguishable from a full parse (same messages, same saves).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionLoadError } from "../../src/errors.js";
import type { SessionData } from "../../src/messages/types.js";
import { readSessionFile } from "../../src/sessions/load.js";
import { SessionManager } from "../../src/sessions/manager.js";

let root: string;
let manager: SessionManager;
const workingDir = "/tmp/lazy-project";

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "agenix-lazy-"));
  manager = new SessionManager({ dir: root });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function compactedSession(
  turns: number,
  keepFrom: number,
): Promise<{ data: SessionData; file: string }> {
  const data = await manager.createSessionData({
    workingDir,
    model: "gpt-4o",
    extra: { provider: "openai" },
  });
  for (let i = 0; i < turns; i++) {
    data.messages.push(
      {
        role: "user",
        content: `question ${i} with "quotes", {braces}\\n and\nnewlines`,
        timestamp: "2024-01-01T12:00:00Z",
      },
      {
        role: "assistant",
        content: [{ type: "text", text: `answer ${i}` }],
        tool_calls: [{ id: `c${i}`, name: "bash", arguments: { command: "echo {\n    {" } }],
        timestamp: "2024-01-01T12:00:01Z",
      },
      {
        role: "tool",
        tool_call_id: `c${i}`,
        name: "bash",
        content: "    {\n  ]\n",
        is_error: false,
        timestamp: "2024-01-01T12:00:02Z",
      },
    );
  }
  data.compactions = [
    {
      first_kept_index: keepFrom,
      summary: "S",
      tokens_before: 10,
      tokens_after: 5,
      model: "gpt-4o",
      trigger: "auto",
      timestamp: "2024-01-01T12:00:03Z",
    },
  ];
  await manager.saveSession(data);
  return { data, file: await manager.sessionPath(data.id, { workingDir }) };
}

describe("lazy loading of a compacted session", () => {
  it("only for sessions opened to chat (frozen): a load for editing parses the whole file", async () => {
    const { file } = await compactedSession(5, 12);
    expect((await readSessionFile(file)).lazyFrom).toBeUndefined();
    expect((await readSessionFile(file, { frozen: true })).lazyFrom).toBe(12);
  });

  it("parses the kept messages at once and older ones on first read, with the same content", async () => {
    const { data, file } = await compactedSession(30, 81);
    const loaded = await readSessionFile(file, { frozen: true });
    expect(loaded.lazyFrom).toBe(81);
    const descriptor = Object.getOwnPropertyDescriptor(loaded.data.messages, 40)!;
    expect(typeof descriptor.get).toBe("function"); // not built yet
    expect(loaded.data.messages.length).toBe(90);
    expect(JSON.parse(JSON.stringify(loaded.data))).toEqual(JSON.parse(JSON.stringify({ ...data })));
    expect(loaded.data.messages[40]).toEqual(data.messages[40]);
    expect(Object.isFrozen(loaded.data.messages[40])).toBe(true);
    // An older message cannot be replaced or removed: the append check never has to read it.
    expect(() => {
      loaded.data.messages[40] = loaded.data.messages[41]!;
    }).toThrow(TypeError);
  });

  it("appends to a lazily loaded session without reading its older messages; the file stays whole", async () => {
    const { file, data } = await compactedSession(20, 57);
    const loaded = await manager.loadSession(data.id, { workingDir, frozen: true });
    loaded.messages.push({ role: "user", content: "next", timestamp: "2024-01-02T00:00:00Z" });
    await manager.saveSession(loaded);
    expect(typeof Object.getOwnPropertyDescriptor(loaded.messages, 30)!.get).toBe("function");
    const onDisk = JSON.parse(readFileSync(file, "utf8"));
    expect(onDisk.messages).toHaveLength(61);
    expect(onDisk.messages.slice(0, 60)).toEqual(JSON.parse(JSON.stringify(data.messages)));
    expect(onDisk.compactions).toHaveLength(1);
  });

  it("falls back to the full parse (and its precise errors) for files not in agenix's layout", async () => {
    const { file } = await compactedSession(5, 12);
    const compact = JSON.stringify(JSON.parse(readFileSync(file, "utf8")));
    writeFileSync(file, compact);
    const loaded = await readSessionFile(file, { frozen: true });
    expect(loaded.lazyFrom).toBeUndefined();
    expect(loaded.data.messages).toHaveLength(15);
  });

  it("a compacted file that does not qualify (first kept index 0) is parsed whole from the same read", async () => {
    const { file } = await compactedSession(4, 0);
    const loaded = await readSessionFile(file, { frozen: true });
    expect(loaded.lazyFrom).toBeUndefined();
    expect(loaded.data.messages).toHaveLength(12);
    expect(loaded.state).toBeDefined();
  });

  it("an older message that turns out invalid fails with SessionLoadError when read", async () => {
    const { file } = await compactedSession(5, 12);
    writeFileSync(file, readFileSync(file, "utf8").replace('"role": "tool"', '"role": "robot"'));
    const loaded = await readSessionFile(file, { frozen: true });
    expect(() => loaded.data.messages[2]).toThrow(SessionLoadError);
  });
});
