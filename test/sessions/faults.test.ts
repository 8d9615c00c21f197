// Disk full, read-only and I/O errors while saving, through the storage layer's io seam (tests run
// as root here, where chmod does not stop writes), plus a real read-only directory when not root.
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeIo, type SessionIo } from "../../src/sessions/io.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { SessionSaveError } from "../../src/sessions/save-error.js";
import { makeTempRoot, type TempRoot, userMessage } from "./helpers.js";

let tmp: TempRoot;
beforeEach(() => {
  tmp = makeTempRoot();
});
afterEach(() => tmp.cleanup());

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** An io whose writes fail with `code` while `failing.on` is set, after writing `partial` bytes. */
function faultyIo(failing: { on: boolean }, code: string, partial = 7): SessionIo {
  return {
    ...nodeIo,
    write: async (handle, data, position) => {
      if (!failing.on) return nodeIo.write(handle, data, position);
      if (data.length > partial) await nodeIo.write(handle, data.subarray(0, partial), position);
      throw errno(code);
    },
    rename: async (from, to) => {
      if (failing.on) throw errno(code);
      return nodeIo.rename(from, to);
    },
  };
}

describe("saving when the disk fails", () => {
  for (const code of ["ENOSPC", "EROFS", "EIO"]) {
    it(`${code} during an append leaves the file exactly as before, and the next save succeeds`, async () => {
      const failing = { on: false };
      const manager = new SessionManager({ dir: tmp.root, io: faultyIo(failing, code) });
      const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
      data.messages.push(userMessage("first"));
      await manager.saveSession(data);
      const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
      const before = readFileSync(file);

      failing.on = true;
      data.messages.push(userMessage("second ".repeat(50)));
      const error = await manager.saveSession(data).catch((e) => e);
      expect(error).toBeInstanceOf(SessionSaveError);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/^Failed to save session: /);
      expect(readFileSync(file)).toEqual(before);

      failing.on = false;
      data.messages.push(userMessage("third"));
      await manager.saveSession(data);
      const saved = JSON.parse(readFileSync(file, "utf8"));
      expect(saved.messages.map((m: { content: string }) => m.content.trim().split(" ")[0])).toEqual([
        "first",
        "second",
        "third",
      ]);
    });
  }

  it("a failed full rewrite never touches the existing file and leaves no temp files", async () => {
    const failing = { on: false };
    const manager = new SessionManager({ dir: tmp.root, io: faultyIo(failing, "ENOSPC") });
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    data.messages.push(userMessage("first"));
    await manager.saveSession(data);
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    const before = readFileSync(file);
    failing.on = true;
    data.metadata.name = "forces a rewrite";
    await expect(manager.saveSession(data)).rejects.toThrow(/the disk is full/);
    expect(readFileSync(file)).toEqual(before);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(path.dirname(file)).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)(
    "a real read-only folder gives SessionSaveError (not as root)",
    async () => {
      const manager = new SessionManager({ dir: tmp.root });
      const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
      const folder = manager.folderFor(tmp.workDir);
      chmodSync(folder, 0o500);
      try {
        data.metadata.name = "x";
        await expect(manager.saveSession(data)).rejects.toThrow(SessionSaveError);
      } finally {
        chmodSync(folder, 0o700);
      }
    },
  );
});

describe("hostile ids and symlinks", () => {
  it("hostile ids are rejected before any file is touched", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const outside = path.join(tmp.base, "outside.json");
    writeFileSync(outside, "{}");
    for (const id of [
      "../outside",
      "../../etc/passwd",
      "/etc/passwd",
      "a/b",
      "x\0y",
      "x".repeat(10_000),
      "",
    ]) {
      await expect(manager.loadSession(id)).rejects.toThrow(/^Invalid session id: /);
      await expect(manager.deleteSession(id)).rejects.toThrow(/^Invalid session id: /);
      await expect(manager.sessionPath(id)).rejects.toThrow(/^Invalid session id: /);
      await expect(
        manager.saveSession({
          id,
          working_dir: tmp.workDir,
          model: "m",
          created_at: "2024-01-01T00:00:00Z",
          updated_at: "2024-01-01T00:00:00Z",
          metadata: {},
          messages: [],
        }),
      ).rejects.toThrow(/^Invalid session id: /);
    }
    expect(readFileSync(outside, "utf8")).toBe("{}");
  });

  it("refuses to write through a symlinked session file", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    const loaded = await new SessionManager({ dir: tmp.root }).loadSession(data.id, {
      workingDir: tmp.workDir,
    });
    const target = path.join(tmp.base, "victim.json");
    writeFileSync(target, readFileSync(file));
    const { unlinkSync } = await import("node:fs");
    unlinkSync(file);
    symlinkSync(target, file);
    const fresh = new SessionManager({ dir: tmp.root });
    const victimBefore = readFileSync(target, "utf8");
    loaded.messages.push(userMessage("hi"));
    await expect(fresh.saveSession(loaded)).rejects.toThrow(/symbolic link/);
    expect(readFileSync(target, "utf8")).toBe(victimBefore);
  });

  it("refuses to write into a folder that is a symlink out of the root", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    await manager.createSessionData({ workingDir: path.join(tmp.base, "other"), model: "gpt-4o" });
    const elsewhere = path.join(tmp.base, "elsewhere");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, manager.folderFor(tmp.workDir));
    await expect(manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" })).rejects.toThrow(
      SessionSaveError,
    );
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
