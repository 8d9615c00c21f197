import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INDEX_FILE, RECHECK_MS } from "../../src/sessions/list.js";
import { OLD_INDEX_FILE, readIndex } from "../../src/sessions/list-index.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempHome, runAgenix } from "../support/cli.js";
import { makeTempRoot, type TempRoot, userMessage } from "./helpers.js";

let tmp: TempRoot;
let manager: SessionManager;
beforeEach(() => {
  tmp = makeTempRoot();
  manager = new SessionManager({ dir: tmp.root });
});
afterEach(() => tmp.cleanup());

async function session(workingDir: string, updatedAt: string, messages: string[], name?: string) {
  const data = await manager.createSessionData({
    workingDir,
    model: "gpt-4o",
    metadata: name ? { name } : {},
  });
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
    expect(index.entries.map((e: unknown[]) => e[0]).sort()).toEqual([a.id, b.id].sort());
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

// The folder mtime fast path. A folder mtime is trusted only once it is a few seconds old (coarse
// file clocks), so these tests put it a minute in the past instead of waiting.
describe("listing without looking at each file", () => {
  const settledAt = new Date(Date.now() - 60_000);
  let folder: string;

  /** Ages the folder's mtime and lists once, so the index records it and is trusted next time. */
  async function settle() {
    // The first listing creates `.index/`, which itself changes the folder mtime.
    await manager.listSessions({ workingDir: tmp.workDir });
    utimesSync(folder, settledAt, settledAt);
    await manager.listSessions({ workingDir: tmp.workDir });
    expect(readIndex(folder)?.folderMtimeMs).toBe(lstatSync(folder).mtimeMs);
  }

  const counts = async (options: { rescan?: boolean } = {}) =>
    Object.fromEntries(
      (await manager.listSessions({ workingDir: tmp.workDir, ...options })).map((s) => [
        s.id,
        s.message_count,
      ]),
    );

  beforeEach(() => {
    folder = manager.folderFor(tmp.workDir);
  });

  it("does not trust a folder mtime that is too recent to be safe", async () => {
    await session(tmp.workDir, "2024-01-01T10:00:00Z", ["one"]);
    await manager.listSessions({ workingDir: tmp.workDir });
    expect(readIndex(folder)?.folderMtimeMs).toBe(0);
  });

  it("misses only in-place edits by other programs, which --rescan picks up", async () => {
    const a = await session(tmp.workDir, "2024-01-01T10:00:00Z", ["one"]);
    await settle();
    const file = path.join(folder, `${a.id}.json`);
    const edited = JSON.parse(readFileSync(file, "utf8"));
    edited.messages.push(userMessage("two"), userMessage("three"));
    // An editor that writes into the file without renaming leaves the folder mtime as it was.
    writeFileSync(file, JSON.stringify(edited, null, 2));
    utimesSync(folder, settledAt, settledAt);
    // The known limitation (documented): the trusted index still has the old count...
    expect(await counts()).toEqual({ [a.id]: 1 });
    // ...until a rescan, which also refreshes the index for the listings after it.
    expect(await counts({ rescan: true })).toEqual({ [a.id]: 3 });
    expect(await counts()).toEqual({ [a.id]: 3 });
  });

  it("rechecks every file once the last full check is over a day old", async () => {
    const a = await session(tmp.workDir, "2024-01-01T10:00:00Z", ["one"]);
    await settle();
    const file = path.join(folder, `${a.id}.json`);
    writeFileSync(file, readFileSync(file, "utf8").replace('"content": "one"', '"content": "edited"'));
    const indexFile = path.join(folder, INDEX_FILE);
    const index = JSON.parse(readFileSync(indexFile, "utf8"));
    index.checked_at = Date.now() - RECHECK_MS - 1000;
    writeFileSync(indexFile, JSON.stringify(index));
    expect(lstatSync(folder).mtimeMs).toBe(index.folder_mtime_ms);
    const [listed] = await manager.listSessions({ workingDir: tmp.workDir });
    expect(listed.first_message).toBe("edited");
  });

  it("shows a file copied in, an agenix append and a delete; never a symlink added later", async () => {
    const a = await session(tmp.workDir, "2024-01-01T10:00:00Z", ["one"]);
    const b = await session(tmp.workDir, "2024-01-02T10:00:00Z", ["one", "two"]);
    await settle();
    expect(await counts()).toEqual({ [a.id]: 1, [b.id]: 2 });

    copyFileSync(path.join(folder, `${b.id}.json`), path.join(folder, "copied.json"));
    expect(await counts()).toEqual({ [a.id]: 1, [b.id]: 2, copied: 2 });

    await settle();
    const inode = statSync(path.join(folder, `${a.id}.json`)).ino;
    a.messages.push(userMessage("two"), userMessage("three"));
    await manager.saveSession(a);
    // Same inode: the save appended in place, which by itself would not change the folder mtime.
    expect(statSync(path.join(folder, `${a.id}.json`)).ino).toBe(inode);
    expect(await counts()).toEqual({ [a.id]: 3, [b.id]: 2, copied: 2 });

    await settle();
    unlinkSync(path.join(folder, "copied.json"));
    expect(await counts()).toEqual({ [a.id]: 3, [b.id]: 2 });

    await settle();
    const outside = path.join(tmp.base, "outside.json");
    copyFileSync(path.join(folder, `${b.id}.json`), outside);
    symlinkSync(outside, path.join(folder, "linked.json"));
    expect(await counts()).toEqual({ [a.id]: 3, [b.id]: 2 });
    await settle();
    expect(await counts()).toEqual({ [a.id]: 3, [b.id]: 2 });
  });

  it("rebuilds an index of an older version and removes the old index file", async () => {
    const a = await session(tmp.workDir, "2024-01-01T10:00:00Z", ["one"]);
    const stale = { size: 1, mtimeMs: 1, summary: { message_count: 99 } };
    writeFileSync(
      path.join(folder, OLD_INDEX_FILE),
      JSON.stringify({ version: 1, entries: { [a.id]: stale } }),
    );
    mkdirSync(path.dirname(path.join(folder, INDEX_FILE)), { recursive: true });
    writeFileSync(
      path.join(folder, INDEX_FILE),
      JSON.stringify({ version: 1, folder_mtime_ms: lstatSync(folder).mtimeMs, entries: [] }),
    );
    expect(await counts()).toEqual({ [a.id]: 1 });
    expect(existsSync(path.join(folder, OLD_INDEX_FILE))).toBe(false);
    expect(readIndex(folder)?.entries.map((e) => e[0])).toEqual([a.id]);
  });
});

describe("agenix sessions list --rescan", () => {
  it("lists an in-place edit the folder mtime does not show", async () => {
    const home = await makeTempHome();
    try {
      const cliManager = new SessionManager({ dir: home.sessionDir });
      const data = await cliManager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
      data.messages.push(userMessage("one"));
      await cliManager.saveSession(data);
      const folder = cliManager.folderFor(home.workDir);
      const old = new Date(Date.now() - 60_000);
      const list = async (...flags: string[]) => {
        const run = await runAgenix(["sessions", "list", ...flags], { cwd: home.workDir, env: home.env });
        expect(run.code, run.stderr).toBe(0);
        return /\((\d+) messages?\)/.exec(run.stdout)?.[1];
      };
      expect(await list()).toBe("1");
      utimesSync(folder, old, old);
      expect(await list()).toBe("1");
      const file = path.join(folder, `${data.id}.json`);
      const edited = JSON.parse(readFileSync(file, "utf8"));
      edited.messages.push(userMessage("two"));
      writeFileSync(file, JSON.stringify(edited, null, 2));
      utimesSync(folder, old, old);
      expect(await list()).toBe("1");
      expect(await list("--rescan")).toBe("2");
    } finally {
      await home.cleanup();
    }
  });
});
