import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INDEX_FILE } from "../../src/sessions/list.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempRoot, type TempRoot, userMessage } from "./helpers.js";

let tmp: TempRoot;
let manager: SessionManager;
beforeEach(() => {
  tmp = makeTempRoot();
  manager = new SessionManager({ dir: tmp.root });
});
afterEach(() => tmp.cleanup());

async function session(workingDir: string, updatedAt: string, messages: string[], name?: string) {
  const data = await manager.createSession({ workingDir, model: "gpt-4o", metadata: name ? { name } : {} });
  data.messages.push(...messages.map(userMessage));
  data.updated_at = updatedAt;
  await manager.saveSession(data, { keepUpdatedAt: true });
  return data;
}

describe("listSessions", () => {
  it("lists newest first with counts and first message, from the index once built", async () => {
    const a = await session(tmp.workDir, "2024-01-01T10:00:00Z", ["first question", "second"], "A");
    const b = await session(tmp.workDir, "2024-01-02T10:00:00Z", []);
    await session(path.join(tmp.base, "elsewhere"), "2024-01-03T10:00:00Z", ["x"]);
    const listed = await manager.listSessions({ workingDir: tmp.workDir });
    expect(listed.map((s) => [s.id, s.message_count, s.first_message, s.metadata.name])).toEqual([
      [b.id, 0, undefined, undefined],
      [a.id, 2, "first question", "A"],
    ]);
    expect((await manager.listSessions({ all: true })).map((s) => s.updated_at)).toEqual([
      "2024-01-03T10:00:00Z",
      "2024-01-02T10:00:00Z",
      "2024-01-01T10:00:00Z",
    ]);
    const indexFile = path.join(manager.folderFor(tmp.workDir), INDEX_FILE);
    const index = JSON.parse(readFileSync(indexFile, "utf8"));
    expect(Object.keys(index.entries).sort()).toEqual([`${a.id}.json`, `${b.id}.json`].sort());
    // The index is only a cache: a corrupt one is ignored and rebuilt.
    writeFileSync(indexFile, "{ not json");
    expect(await manager.listSessions({ workingDir: tmp.workDir })).toEqual(listed);
    expect(JSON.parse(readFileSync(indexFile, "utf8")).entries).toEqual(index.entries);
  });

  it("notices files that changed since the index was written", async () => {
    const a = await session(tmp.workDir, "2024-01-01T10:00:00Z", ["one"]);
    await manager.listSessions({ workingDir: tmp.workDir });
    a.messages.push(userMessage("two"));
    await manager.saveSession(a);
    const [listed] = await manager.listSessions({ workingDir: tmp.workDir });
    expect(listed.message_count).toBe(2);
    // Even with the mtime put back, the size differs.
    utimesSync(listed.path, new Date(0), new Date(0));
    expect((await manager.listSessions({ workingDir: tmp.workDir }))[0].message_count).toBe(2);
  });

  it("keeps sessions of another directory that shares the folder name apart", async () => {
    // `/x/a_b` and `/x/a/b` both map to `..._a_b`.
    const one = path.join(tmp.base, "a_b");
    const two = path.join(tmp.base, "a", "b");
    expect(manager.folderFor(one)).toBe(manager.folderFor(two));
    const s1 = await session(one, "2024-01-01T10:00:00Z", ["one"]);
    const s2 = await session(two, "2024-01-01T10:00:00Z", ["two"]);
    expect((await manager.listSessions({ workingDir: one })).map((s) => s.id)).toEqual([s1.id]);
    expect((await manager.listSessions({ workingDir: two })).map((s) => s.id)).toEqual([s2.id]);
  });

  it("reads compact JSON written by other tools, and the spec's file copied in by hand", async () => {
    await session(tmp.workDir, "2024-01-01T10:00:00Z", []);
    const spec = JSON.parse(readFileSync(new URL("../fixtures/spec-example.json", import.meta.url), "utf8"));
    writeFileSync(path.join(manager.folderFor(tmp.workDir), "exported_session.json"), JSON.stringify(spec));
    const listed = await manager.listSessions({ workingDir: tmp.workDir });
    const copied = listed.find((s) => s.id === "exported_session");
    expect(copied).toMatchObject({ message_count: 4, first_message: "What files are in this directory?" });
    const loaded = await manager.loadSession("exported_session", { workingDir: tmp.workDir });
    expect(loaded.id).toBe("exported_session");
    loaded.messages.push(userMessage("more"));
    await manager.saveSession(loaded);
    expect(JSON.parse(readFileSync(copied!.path, "utf8")).id).toBe("exported_session");
  });
});
