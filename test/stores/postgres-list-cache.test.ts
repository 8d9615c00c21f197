// The PostgreSQL listing cache (src/sessions/postgres/list-cache.ts): a listing read from the
// local copy must equal one read from the rows after any change by any process, a damaged copy is
// never trusted, and the copy is private and holds no credentials.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";
import type { SessionSummary } from "../../src/sessions/summary.js";
import { makeTempRoot, type TempRoot, userMessage } from "../sessions/helpers.js";
import { freshDatabase } from "../support/postgres.js";

describe("PostgreSQL listing cache", () => {
  let temp: TempRoot;
  let db: { url: string; drop: () => Promise<void> };
  let cacheDir: string;
  const managers: PostgresSessionManager[] = [];
  const open = (options: { cache?: boolean; url?: string } = {}) => {
    const manager = new PostgresSessionManager({
      connectionString: options.url ?? db.url,
      onWarning: () => {},
      listCacheDir: options.cache === false ? undefined : cacheDir,
    });
    managers.push(manager);
    return manager;
  };

  beforeEach(async () => {
    temp = makeTempRoot();
    db = await freshDatabase();
    cacheDir = path.join(temp.base, "cache");
  });
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.close()));
    await db.drop();
    await temp.cleanup();
  });

  const cacheFiles = () => readdirSync(cacheDir).map((name) => path.join(cacheDir, name));

  async function create(manager: PostgresSessionManager, name: string, workingDir = temp.workDir) {
    const data = await manager.createSessionData({ workingDir, model: "gpt-4o", metadata: { name } });
    data.messages.push(userMessage(`first words of ${name}`));
    await manager.saveSession(data);
    return data;
  }

  it("after every kind of change by another process, the cached listing equals the rows", async () => {
    const lister = open();
    const other = open({ cache: false });
    const truth = async (all = false) =>
      all ? other.listSessions({ all: true }) : other.listSessions({ workingDir: temp.workDir });
    const check = async () => {
      const listed: SessionSummary[] = await lister.listSessions({ workingDir: temp.workDir });
      expect(listed).toEqual(await truth());
      expect(await lister.listSessions({ all: true })).toEqual(await truth(true));
      // And once more, now from the cache file that listing wrote.
      expect(await lister.listSessions({ workingDir: temp.workDir })).toEqual(listed);
    };
    await check(); // empty
    const a = await create(other, "alpha");
    await check();
    const b = await create(other, "beta");
    await create(other, "elsewhere", path.join(temp.base, "other-project"));
    await check();
    a.messages.push(userMessage("a second message"));
    await other.saveSession(a); // count and updated_at change
    await check();
    await other.updateMetadata(b.id, (m) => ({ ...m, name: "beta renamed", tags: ["t1"] }));
    await check(); // updated_at kept: only the row's content changed
    await other.deleteSession(a.id);
    await check();
    await create(other, "gamma");
    await check();
    const names = (await lister.listSessions({ workingDir: temp.workDir })).map((s) => s.metadata.name);
    expect(names.sort()).toEqual(["beta renamed", "gamma"]);
  });

  it("is read when the rows are unchanged, and not once they change", async () => {
    const lister = open();
    await create(open({ cache: false }), "original");
    await lister.listSessions({ workingDir: temp.workDir });
    const [file] = cacheFiles();
    // Edit the cached copy only: an unchanged server must mean the copy is what is listed...
    writeFileSync(file, readFileSync(file, "utf8").replace('"original"', '"from the cache"'));
    expect((await lister.listSessions({ workingDir: temp.workDir }))[0].metadata.name).toBe("from the cache");
    // ...but not with --rescan, and not after any change on the server.
    expect((await lister.listSessions({ workingDir: temp.workDir, rescan: true }))[0].metadata.name).toBe(
      "original",
    );
    await create(open({ cache: false }), "newer");
    const names = (await lister.listSessions({ workingDir: temp.workDir })).map((s) => s.metadata.name);
    expect(names.sort()).toEqual(["newer", "original"]);
  });

  it("after saves, only the rows written since are read; after a deletion, every row", async () => {
    const lister = open();
    const other = open({ cache: false });
    await create(other, "kept");
    const changing = await create(other, "changing");
    await lister.listSessions({ workingDir: temp.workDir });
    const [file] = cacheFiles();
    // Mark the cached copy of the session that will not change: it must survive the next listing.
    writeFileSync(file, readFileSync(file, "utf8").replace('"kept"', '"kept (from the cache)"'));
    await other.updateMetadata(changing.id, (m) => ({ ...m, name: "changed on the server" }));
    const added = await create(other, "added");
    const names = (await lister.listSessions({ workingDir: temp.workDir })).map((s) => s.metadata.name);
    expect(names.sort()).toEqual(["added", "changed on the server", "kept (from the cache)"]);
    // A deletion does not add up to the fingerprint: every row is read again.
    await other.deleteSession(added.id);
    const after = (await lister.listSessions({ workingDir: temp.workDir })).map((s) => s.metadata.name);
    expect(after.sort()).toEqual(["changed on the server", "kept"]);
  });

  it.each([
    ["not JSON", () => "{ not json"],
    ["empty", () => ""],
    ["another version", (text: string) => text.replace('"version":2', '"version":99')],
    ["a damaged entry", (text: string) => text.replace(/"entries":\[\[/, '"entries":[["x"],[')],
    [
      "a missing group",
      (text: string) => text.replace(/"groups":\[.*?\]\],"entries"/, '"groups":[],"entries"'),
    ],
  ])("a cache file that is %s is not trusted", async (_what, damage) => {
    const lister = open();
    await create(open({ cache: false }), "kept");
    const expected = await lister.listSessions({ workingDir: temp.workDir });
    const [file] = cacheFiles();
    const text = readFileSync(file, "utf8");
    const damaged = damage(text);
    expect(damaged).not.toBe(text);
    writeFileSync(file, damaged);
    expect(await lister.listSessions({ workingDir: temp.workDir })).toEqual(expected);
    // ...and it is rewritten whole.
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("is private (0700 folder, 0600 file) and holds no credentials", async () => {
    const url = new URL(db.url);
    url.password = "pa55word-not-to-keep";
    const lister = open({ url: url.toString() });
    await create(lister, "private");
    await lister.listSessions({ workingDir: temp.workDir });
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    for (const file of cacheFiles()) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(file).not.toContain("pa55word");
      expect(readFileSync(file, "utf8")).not.toContain("pa55word");
    }
  });

  it("an unwritable cache folder only means listing reads the rows", async () => {
    writeFileSync(cacheDir, "a file where the folder should be");
    const lister = open();
    await create(lister, "still listed");
    const listed = await lister.listSessions({ workingDir: temp.workDir });
    expect(listed.map((s) => s.metadata.name)).toEqual(["still listed"]);
  });
});
