// The spec's CustomSessionManager: a subclass overriding only saveSession and loadSession (here an
// in-memory "database") works wherever a SessionManager is used, and no file is written.
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionNotFoundError } from "../../src/errors.js";
import type { SessionData } from "../../src/messages/types.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempRoot, sampleConversation, type TempRoot } from "./helpers.js";

class InMemorySessionManager extends SessionManager {
  readonly rows = new Map<string, string>();
  saves = 0;

  override async saveSession(data: SessionData): Promise<void> {
    this.saves++;
    this.rows.set(data.id, JSON.stringify(data));
  }

  override async loadSession(id: string): Promise<SessionData> {
    const row = this.rows.get(id);
    if (!row) throw new SessionNotFoundError(id);
    return JSON.parse(row);
  }
}

let tmp: TempRoot;
beforeEach(() => {
  tmp = makeTempRoot();
});
afterEach(() => tmp.cleanup());

describe("custom SessionManager subclass", () => {
  it("receives create, every save, metadata edits, imports and exports", async () => {
    const db = new InMemorySessionManager({ dir: tmp.root });
    const data = await db.createSessionData({
      workingDir: tmp.workDir,
      model: "gpt-4o",
      metadata: { name: "db" },
    });
    expect(db.saves).toBe(1);
    for (const message of sampleConversation()) {
      data.messages.push(message);
      await db.saveSession(data);
    }
    expect(db.saves).toBe(5);
    const loaded = await db.loadSession(data.id);
    expect(loaded.messages).toEqual(sampleConversation());

    await db.updateMetadata(data.id, (m) => ({ ...m, tags: ["x"] }));
    expect((await db.loadSession(data.id)).metadata).toEqual({ name: "db", tags: ["x"] });

    const { json } = await db.exportSession(data.id);
    expect(JSON.parse(json).messages).toHaveLength(4);

    const imported = await db.importSession(
      new URL("../fixtures/spec-example.json", import.meta.url).pathname,
    );
    expect(db.rows.has(imported.id)).toBe(true);
    await expect(db.loadSession("missing")).rejects.toThrow("Session not found: missing");
    // Nothing went to disk.
    expect(existsSync(tmp.root)).toBe(false);
  });
});
