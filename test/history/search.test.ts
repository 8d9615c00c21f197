// Search: the index against a brute-force scan of the files, ranking, filters, rebuilds and
// concurrent writers.
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { searchSessions } from "../../src/history/search/query.js";
import { indexDir, refreshIndex, refreshSessionFile } from "../../src/history/search/refresh.js";
import { FORMAT_VERSION } from "../../src/history/search/store.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { serializeSession } from "../../src/sessions/serialize.js";
import { prng } from "../support/prng.js";
import { bruteForce, key, makeSessions, VOCABULARY } from "./search-helpers.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "agenix-search-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const all = (text: string, extra = {}) =>
  searchSessions(root, { text, limit: 100_000, ...extra })
    .hits.map((h) => key(h))
    .sort();

describe("sessions search", () => {
  it("finds exactly what a brute-force scan finds (random sessions and queries, seed 1234)", async () => {
    await makeSessions(root, 1234, 40);
    const rand = prng(99);
    for (let q = 0; q < 60; q++) {
      const words = Array.from(
        { length: 1 + Math.floor(rand() * 2) },
        () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)],
      );
      const text = rand() < 0.2 ? `"${words.join(" ")}"` : words.join(" ");
      expect(all(text), text).toEqual(bruteForce(root, text).map(key).sort());
    }
  });

  it("stays exact while sessions grow, are rewritten and deleted", async () => {
    const made = await makeSessions(root, 7, 12);
    expect(all("login")).toEqual(bruteForce(root, "login").map(key).sort());
    const manager = new SessionManager({ dir: root });
    const grown = await manager.loadSession(made[0]!.id, { workingDir: made[0]!.working_dir });
    grown.messages.push({
      role: "user",
      content: "a brand new zebra word",
      timestamp: "2024-06-01T00:00:00Z",
    });
    await manager.saveSession(grown);
    const appended = searchSessions(root, { text: "zebra" });
    expect(appended.refresh.appended).toBe(1);
    expect(appended.refresh.indexed).toBe(0);
    expect(appended.hits.map(key)).toEqual([`${made[0]!.id}#${grown.messages.length - 1}`]);
    await manager.updateMetadata(made[1]!.id, (m) => ({ ...m, name: "giraffe project" }), {
      workingDir: made[1]!.working_dir,
    });
    expect(searchSessions(root, { text: "giraffe" }).hits.map(key)).toEqual([`${made[1]!.id}#null`]);
    await manager.deleteSession(made[2]!.id, { workingDir: made[2]!.working_dir });
    for (const word of ["login", "token", "giraffe", "zebra"]) {
      expect(all(word), word).toEqual(bruteForce(root, word).map(key).sort());
    }
  });

  it("refreshSessionFile indexes just the messages appended to one saved file", async () => {
    const made = await makeSessions(root, 21, 6);
    all("token");
    const manager = new SessionManager({ dir: root });
    const s = await manager.loadSession(made[3]!.id, { workingDir: made[3]!.working_dir });
    s.messages.push({ role: "user", content: "the okapi arrives", timestamp: "2024-07-01T00:00:00Z" });
    await manager.saveSession(s);
    const file = await manager.sessionPath(s.id, { workingDir: s.working_dir });
    const result = refreshSessionFile(root, file);
    expect(result).toMatchObject({ appended: 1, indexed: 0, removed: 0 });
    const next = searchSessions(root, { text: "okapi" });
    expect(next.hits.map(key)).toEqual([`${s.id}#${s.messages.length - 1}`]);
    expect(next.refresh.appended + next.refresh.indexed).toBe(0);
    expect(refreshSessionFile(root, path.join(root, "outside.json"))).toBeUndefined();
  });

  it("ranks by relevance, then recency", async () => {
    const manager = new SessionManager({ dir: root });
    const s = await manager.createSessionData({ workingDir: "/tmp/rank", model: "gpt-4o" });
    s.messages.push(
      { role: "user", content: "deploy once", timestamp: "2024-01-01T00:00:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "deploy deploy deploy" }],
        timestamp: "2024-01-01T00:00:01Z",
      },
      { role: "user", content: "deploy again later", timestamp: "2024-02-01T00:00:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "no match here" }],
        timestamp: "2024-02-01T00:00:01Z",
      },
    );
    await manager.saveSession(s);
    const hits = searchSessions(root, { text: "deploy" }).hits;
    expect(hits.map((h) => h.message_index)).toEqual([1, 2, 0]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[1]!.score).toBe(hits[2]!.score);
    expect(hits[1]!.snippet).toBe("deploy again later");
    expect(hits[1]!.ranges).toEqual([[0, 6]]);
    expect(searchSessions(root, { text: "deploy", limit: 2 }).hits).toHaveLength(2);
  });

  it("searches what was said, not bookkeeping: no model names, stop reasons or reasoning signatures", async () => {
    const manager = new SessionManager({ dir: root });
    const s = await manager.createSessionData({ workingDir: "/tmp/words", model: "gpt-4o" });
    s.messages.push({ role: "user", content: "why does the build fail", timestamp: "2024-01-01T00:00:00Z" }, {
      role: "assistant",
      content: [{ type: "text", text: "The build fails on a missing import" }],
      model: "claude-sonnet-4-6",
      stop_reason: "end_turn",
      thinking: [{ type: "thinking", thinking: "check the imports", signature: "EqQBCgIYAhIMsignatureblob" }],
      timestamp: "2024-01-01T00:00:01Z",
    } as never);
    await manager.saveSession(s);
    for (const bookkeeping of ["claude", "sonnet", "end_turn", "EqQBCgIYAhIMsignatureblob"])
      expect(all(bookkeeping), bookkeeping).toEqual([]);
    const hit = searchSessions(root, { text: "missing import" }).hits[0];
    expect(hit?.snippet).toBe("The build fails on a missing import check the imports");
    // The model stays a filter.
    expect(all("missing", { model: "claude-sonnet-4-6" })).toHaveLength(1);
  });

  it("filters by role, time, model, tag and working directory, like the brute-force scan", async () => {
    await makeSessions(root, 42, 30);
    const since = Date.parse("2024-01-01T03:00:00Z") / 1000;
    const cases: [
      object,
      (
        m: import("../../src/messages/types.js").Message | null,
        s: import("../../src/messages/types.js").SessionData,
      ) => boolean,
    ][] = [
      [{ role: "tool" }, (m) => m?.role === "tool"],
      [{ role: "user" }, (m) => m?.role === "user"],
      [{ since }, (m, s) => Date.parse(m ? m.timestamp : s.updated_at) / 1000 >= since],
      [{ until: since }, (m, s) => Date.parse(m ? m.timestamp : s.updated_at) / 1000 <= since],
      [
        { model: "claude-sonnet-4" },
        (_m, s) => s.messages.some((x) => x.role === "assistant" && x.model === "claude-sonnet-4"),
      ],
      [{ tag: "login" }, (_m, s) => (s.metadata.tags ?? []).includes("login")],
      [{ workingDir: "/tmp/search-project-1" }, (_m, s) => s.working_dir === "/tmp/search-project-1"],
    ];
    for (const [filter, accept] of cases) {
      for (const word of ["token", "test", "cache"]) {
        expect(all(word, filter), `${word} ${JSON.stringify(filter)}`).toEqual(
          bruteForce(root, word, accept).map(key).sort(),
        );
      }
    }
  });

  it("--regex scans the files and honours the filters", async () => {
    await makeSessions(root, 5, 10);
    const hits = searchSessions(root, { regex: "(fla+ky|tok.n)\\s+\\S+", role: "user", limit: 1000 }).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.role).toBe("user");
      expect(h.snippet.slice(h.ranges[0]![0], h.ranges[0]![1])).toMatch(/^(fla+ky|tok.n)\s+\S+$/i);
    }
    expect(() => searchSessions(root, { regex: "(" })).toThrow(/invalid --regex/);
    expect(() => searchSessions(root, { text: " ,, " })).toThrow(/nothing to search for/);
  });

  it("rebuilds a deleted or corrupt index from the files; its files are 0600 in a 0700 folder", async () => {
    await makeSessions(root, 11, 8);
    const expected = bruteForce(root, "token").map(key).sort();
    expect(all("token")).toEqual(expected);
    const dir = indexDir(root);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const part = path.join(dir, "m", `${readdirSync(path.join(dir, "m"))[0]!}`);
    for (const f of ["meta", "nextsid", "folders.log", part, "b/0.bin"]) {
      try {
        expect(statSync(path.resolve(dir, f)).mode & 0o777, f).toBe(0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    rmSync(dir, { recursive: true });
    expect(all("token")).toEqual(expected);
    // A damaged line in a folder's part of the manifest.
    const damaged = path.join(dir, "m", readdirSync(path.join(dir, "m"))[0]!);
    writeFileSync(damaged, `{{{ not json\n${readFileSync(damaged, "utf8")}`);
    expect(searchSessions(root, { text: "token" }).refresh.rebuilt).toBe(true);
    expect(all("token")).toEqual(expected);
    writeFileSync(path.join(dir, "nextsid"), "garbage");
    expect(searchSessions(root, { text: "token" }).refresh.rebuilt).toBe(true);
    writeFileSync(path.join(dir, "meta"), "garbage");
    expect(searchSessions(root, { text: "token" }).refresh.rebuilt).toBe(true);
    // Torn writes of a killed indexer: a partial record and a partial manifest line.
    for (const bucket of ["b/1.bin", "b/2.bin"])
      writeFileSync(path.join(dir, bucket), Buffer.alloc(7, 1), { flag: "a" });
    const part2 = path.join(dir, "m", readdirSync(path.join(dir, "m"))[0]!);
    writeFileSync(part2, '["s", 99', { flag: "a" });
    expect(all("token")).toEqual(expected);
    expect(JSON.parse(readFileSync(path.join(dir, "meta"), "utf8"))).toEqual({
      version: FORMAT_VERSION,
      buckets: 256,
    });
  });

  it("stays exact when files are being written while the index is built", async () => {
    const made = await makeSessions(root, 3, 30);
    const manager = new SessionManager({ dir: root });
    const targets = made.slice(0, 5);
    const files = await Promise.all(
      targets.map((s) => manager.sessionPath(s.id, { workingDir: s.working_dir })),
    );
    let torn = false;
    const first = refreshIndex(root, {
      onProgress: (done) => {
        if (done !== 10 || torn) return;
        // Another writer is half-way through rewriting five files (some indexed already, some not).
        torn = true;
        for (const file of files) writeFileSync(file, readFileSync(file).subarray(0, 300));
      },
    });
    expect(torn).toBe(true);
    expect(first.indexed).toBeLessThan(30);
    // The writer finishes as agenix's store does: a complete file renamed into place.
    for (const [i, s] of targets.entries()) {
      s.messages.push({ role: "user", content: `concurrent walrus ${i}`, timestamp: "2024-09-09T09:09:09Z" });
      writeFileSync(`${files[i]!}.tmp`, serializeSession(s).text);
      renameSync(`${files[i]!}.tmp`, files[i]!);
    }
    expect(all("walrus")).toEqual(bruteForce(root, "walrus").map(key).sort());
    expect(all("walrus")).toHaveLength(5);
    for (const word of ["token", "cache"]) expect(all(word)).toEqual(bruteForce(root, word).map(key).sort());
  });

  it("a second refresh finds nothing to do and keeps the results", async () => {
    await makeSessions(root, 8, 10);
    const expected = bruteForce(root, "cache").map(key).sort();
    const first = refreshIndex(root);
    const second = refreshIndex(root, { rescan: true });
    expect(first.rebuilt).toBe(true);
    expect(second.indexed + second.appended).toBe(0);
    expect(all("cache")).toEqual(expected);
  });
});
