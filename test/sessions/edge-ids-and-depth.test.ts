// Storage edges from the permission audit: an id shaped like a backup name is its own session (not
// deleted with `a`); a file nested absurdly deep is refused by name on load; a fork whose save
// fails leaves no empty session behind.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionLoadError } from "../../src/errors.js";
import { forkSession } from "../../src/history/fork.js";
import { nodeIo, type SessionIo } from "../../src/sessions/io.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempRoot, type TempRoot, userMessage } from "./helpers.js";

let tmp: TempRoot;
beforeEach(() => {
  tmp = makeTempRoot();
});
afterEach(() => tmp.cleanup());

async function sessionWithId(manager: SessionManager, id: string, text: string) {
  const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
  data.messages.push(userMessage(text));
  await manager.saveSession(data);
  if (data.id === id) return data;
  // Re-file under the wanted id (ids are file names).
  const copy = { ...data, id };
  await manager.addSession(copy, id);
  await manager.deleteSession(data.id, { workingDir: tmp.workDir });
  return copy;
}

describe("session storage edges", () => {
  it("deleting `a` removes its real backups only, never a session whose id looks like one", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const a = await sessionWithId(manager, "a", "session a");
    const lookalike = await sessionWithId(manager, "a.json.bak-20250101_000000", "a different session");
    const folder = path.dirname(await manager.sessionPath("a", { workingDir: tmp.workDir }));
    writeFileSync(path.join(folder, "a.json.bak-20250102_030405"), "{}");
    writeFileSync(path.join(folder, "a.json.bak-20250102_030405_2"), "{}");
    const report: { path: string; backups: string[] }[] = [];
    await manager.deleteSession(a.id, { workingDir: tmp.workDir, report });
    expect(report[0]!.backups.map((b) => path.basename(b)).sort()).toEqual([
      "a.json.bak-20250102_030405",
      "a.json.bak-20250102_030405_2",
    ]);
    expect(readdirSync(folder).filter((n) => !n.startsWith("."))).toEqual([`${lookalike.id}.json`]);
    const kept = await manager.loadSession(lookalike.id, { workingDir: tmp.workDir });
    expect(kept.messages[0]!.content).toBe("a different session");
  });

  it("a session file nested 100,000 deep is refused on load, naming the file", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const data = await sessionWithId(manager, "deep", "hello");
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const head = JSON.stringify({ ...data, messages: [] }).replace(
      /"messages":\[\]/,
      `"messages":[{"role":"user","content":"x","timestamp":"2024-01-01T12:00:00Z","extra":${deep}}]`,
    );
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, head);
    const loading = manager.loadSession("deep", { workingDir: tmp.workDir });
    await expect(loading).rejects.toBeInstanceOf(SessionLoadError);
    await expect(manager.loadSession("deep", { workingDir: tmp.workDir })).rejects.toThrow(
      `${file}: it nests more than 512 levels deep`,
    );
  });

  it("a fork whose save fails leaves no new session", async () => {
    const failing = { on: false };
    const io: SessionIo = {
      ...nodeIo,
      write: async (handle, data, position) => {
        if (failing.on && data.includes("fork me"))
          throw Object.assign(new Error("ENOSPC: simulated"), { code: "ENOSPC" });
        return nodeIo.write(handle, data, position);
      },
    };
    const manager = new SessionManager({ dir: tmp.root, io });
    const source = await sessionWithId(manager, "src", "fork me");
    const folder = path.dirname(await manager.sessionPath(source.id, { workingDir: tmp.workDir }));
    const before = readdirSync(folder).filter((n) => n.endsWith(".json"));
    failing.on = true;
    await expect(forkSession(manager, source.id, { workingDir: tmp.workDir })).rejects.toThrow(/ENOSPC/);
    failing.on = false;
    expect(readdirSync(folder).filter((n) => n.endsWith(".json"))).toEqual(before);
    expect(existsSync(path.join(folder, `${source.id}.json`))).toBe(true);
  });
});
