// Issue 8, storage: edits the append check could not see, lock-then-load, edits by other programs,
// silent failures, locks that name their owner, duplicate and misplaced tool results.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionLockedError } from "../../src/errors.js";
import { repairDanglingToolCalls } from "../../src/messages/repair-tool-calls.js";
import { repairToolOrder } from "../../src/messages/repair-tool-order.js";
import type { Message, SessionData } from "../../src/messages/types.js";
import { buildAgentSession } from "../../src/run/build-session.js";
import { nodeIo, type SessionIo } from "../../src/sessions/io.js";
import { bootId, lockSessionFile, startTicks } from "../../src/sessions/lock.js";
import { type LoadOptions, SessionManager } from "../../src/sessions/manager.js";
import { runConfigFor } from "../support/run-config.js";
import {
  assistantMessage,
  makeTempRoot,
  sampleConversation,
  type TempRoot,
  toolMessage,
  userMessage,
} from "./helpers.js";

let tmp: TempRoot;
let manager: SessionManager;
beforeEach(() => {
  tmp = makeTempRoot();
  manager = new SessionManager({ dir: tmp.root });
});
afterEach(() => tmp.cleanup());

async function savedSession(messages: Message[] = sampleConversation()): Promise<SessionData> {
  const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
  data.messages.push(...messages);
  await manager.saveSession(data);
  return data;
}

const onDisk = async (id: string) =>
  JSON.parse(readFileSync(await manager.sessionPath(id, { workingDir: tmp.workDir }), "utf8"));

describe("edits the append check could not see", () => {
  it("the spec's redaction recipe: load, set a tool output to [REDACTED], save: the secret leaves the disk", async () => {
    const data = await savedSession([
      userMessage("show the config"),
      assistantMessage("reading", "call_1"),
      toolMessage("call_1", "api_key=sk-live-secret-value"),
      assistantMessage("done"),
    ]);
    const loaded = await new SessionManager({ dir: tmp.root }).loadSession(data.id, {
      workingDir: tmp.workDir,
    });
    const other = new SessionManager({ dir: tmp.root });
    const again = await other.loadSession(data.id, { workingDir: tmp.workDir });
    for (const msg of again.messages) {
      if (msg.role === "tool" && msg.content.includes("api_key")) msg.content = "[REDACTED]";
    }
    await other.saveSession(again);
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    expect(readFileSync(file, "utf8")).not.toContain("sk-live-secret-value");
    expect((await onDisk(data.id)).messages[2].content).toBe("[REDACTED]");
    expect(loaded.messages).toHaveLength(4);
  });

  it("replacing a middle message, reordering and removing one are all saved", async () => {
    const data = await savedSession();
    data.messages[1] = assistantMessage("replaced in the middle", "call_1");
    data.messages.push(userMessage("appended with it"));
    await manager.saveSession(data);
    expect((await onDisk(data.id)).messages.map((m: Message) => m.content)).toEqual(
      data.messages.map((m) => m.content),
    );

    const [a, b] = [data.messages[3], data.messages[4]];
    data.messages[3] = b as Message;
    data.messages[4] = a as Message;
    await manager.saveSession(data);
    expect((await onDisk(data.id)).messages).toEqual(JSON.parse(JSON.stringify(data.messages)));

    data.messages.splice(0, 1);
    data.messages.push(userMessage("after a removal"));
    await manager.saveSession(data);
    expect((await onDisk(data.id)).messages).toEqual(JSON.parse(JSON.stringify(data.messages)));
  });

  it("a saved message cannot be edited in place unnoticed: the edit is refused with a TypeError", async () => {
    const data = await savedSession();
    const tool = data.messages[2] as Extract<Message, { role: "tool" }>;
    expect(() => {
      tool.content = "edited in place";
    }).toThrow(TypeError);
    const assistant = data.messages[1] as Extract<Message, { role: "assistant" }>;
    expect(() => {
      (assistant.content[0] as { text: string }).text = "nested edit";
    }).toThrow(TypeError);
    // A replacement is the way to edit, and it is saved.
    data.messages[2] = { ...tool, content: "edited by replacement" };
    await manager.saveSession(data);
    expect((await onDisk(data.id)).messages[2].content).toBe("edited by replacement");
  });

  it("a loaded session is editable in place until its first save; frozen loads append at once", async () => {
    const data = await savedSession();
    const writes: number[] = [];
    const counting: SessionIo = {
      ...nodeIo,
      write: async (h, d, p) => {
        writes.push(d.length);
        return nodeIo.write(h, d, p);
      },
    };
    const other = new SessionManager({ dir: tmp.root, io: counting });
    const options: LoadOptions = { workingDir: tmp.workDir, frozen: true };
    const frozen = await other.loadSession(data.id, options);
    expect(Object.isFrozen(frozen.messages[0])).toBe(true);
    frozen.messages.push(userMessage("next"));
    await other.saveSession(frozen);
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    expect(Math.max(...writes)).toBeLessThan(statSync(file).size / 2);
  });
});

describe("lock first, then load", () => {
  it("a holder that saves and exits while another process opens the session is never overwritten", async () => {
    mkdirSync(tmp.workDir, { recursive: true });
    const data = await savedSession();
    const holder = new SessionManager({ dir: tmp.root });
    const release = await holder.acquireLock(data.id, { workingDir: tmp.workDir });
    const held = await holder.loadSession(data.id, { workingDir: tmp.workDir, frozen: true });
    // The seam: while the opener reads the file, the holder saves a message and exits.
    let holderDone = false;
    const holderSavesAndExits = async () => {
      if (holderDone) return;
      holderDone = true;
      held.messages.push(userMessage("saved by the holder"));
      await holder.saveSession(held);
      await release();
    };
    class RacingManager extends SessionManager {
      override async loadSession(id: string, options?: LoadOptions): Promise<SessionData> {
        const loaded = await super.loadSession(id, options);
        await holderSavesAndExits();
        return loaded;
      }
    }
    const config = await runConfigFor({
      options: { maxTurns: 1 },
      env: { OPENAI_API_KEY: "sk-test" },
      workingDir: tmp.workDir,
      sessionId: data.id,
    });
    const opened = await buildAgentSession(config, {
      store: new RacingManager({ dir: tmp.root }),
      tools: [],
    }).catch((error: unknown) => error);
    if (opened instanceof Error && !(opened instanceof SessionLockedError)) throw opened;
    if (!(opened instanceof SessionLockedError)) {
      // The opener got the session: its next save must not lose what the holder saved.
      await (opened as Awaited<ReturnType<typeof buildAgentSession>>).setMetadata({ name: "opener" });
      await (opened as Awaited<ReturnType<typeof buildAgentSession>>).close();
    }
    // The holder lives its life to the end either way.
    await holderSavesAndExits();
    const contents = (await onDisk(data.id)).messages.map((m: Message) => m.content);
    expect(contents).toContain("saved by the holder");
  });
});

describe("edits by other programs", () => {
  it("a file changed on disk since it was read is kept as a backup, with a warning", async () => {
    const data = await savedSession();
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    const edited = JSON.parse(readFileSync(file, "utf8"));
    edited.metadata.name = "edited by python";
    writeFileSync(file, JSON.stringify(edited, null, 2));
    data.messages.push(userMessage("agenix goes on"));
    const report = await manager.saveSession(data);
    expect(report?.backup).toMatch(/\.json\.bak-\d{8}_\d{6}(_\d+)?$/);
    expect(report?.warnings.join("\n")).toContain("was changed by another program");
    expect(report?.warnings.join("\n")).toContain(report?.backup as string);
    expect(JSON.parse(readFileSync(report?.backup as string, "utf8")).metadata.name).toBe("edited by python");
    expect((await onDisk(data.id)).messages.at(-1).content).toBe("agenix goes on");
    // Saving again (nothing changed on disk meanwhile) keeps no further backup.
    data.messages.push(userMessage("and on"));
    const next = await manager.saveSession(data);
    expect(next?.backup).toBeUndefined();
    expect(next?.warnings).toEqual([]);
  });
});

describe("silent failures are reported", () => {
  function errno(code: string) {
    return Object.assign(new Error(`${code}: simulated`), { code });
  }

  it("fsync, the updated_at patch and the folder touch failing after an append are warnings", async () => {
    const data = await savedSession();
    let writes = 0;
    const io: SessionIo = {
      ...nodeIo,
      write: async (h, d, p) => {
        writes++;
        // The second write of an append is the 20-byte updated_at patch.
        if (writes === 2) throw errno("EIO");
        return nodeIo.write(h, d, p);
      },
      sync: async () => {
        throw errno("EIO");
      },
      touch: () => {
        throw errno("EPERM");
      },
    };
    const other = new SessionManager({ dir: tmp.root, io });
    const again = await other.loadSession(data.id, { workingDir: tmp.workDir, frozen: true });
    again.messages.push(userMessage("saved despite it all"));
    const report = await other.saveSession(again);
    const text = report?.warnings.join("\n") ?? "";
    expect(text).toContain("updated_at");
    expect(text).toContain("could not flush");
    expect(text).toContain("sessions list --rescan");
    expect((await onDisk(data.id)).messages.at(-1).content).toBe("saved despite it all");
  });

  it("a full disk when taking the lock is a clear error and leaves no lock file, empty or not", async () => {
    const data = await savedSession();
    const io: SessionIo = {
      ...nodeIo,
      write: async () => {
        throw errno("ENOSPC");
      },
    };
    const full = new SessionManager({ dir: tmp.root, io });
    const error = await full.acquireLock(data.id, { workingDir: tmp.workDir }).catch((e) => e);
    expect(error.message).toMatch(/lock file: the disk is full; free some space \(ENOSPC\)/);
    const folder = manager.folderFor(tmp.workDir);
    expect(readdirSync(folder).filter((n) => n.includes(".lock"))).toEqual([]);
  });
});

describe("locks", () => {
  it("record pid, host, boot id and start time, written whole", async () => {
    const data = await savedSession();
    const release = await manager.acquireLock(data.id, { workingDir: tmp.workDir });
    const file = `${await manager.sessionPath(data.id, { workingDir: tmp.workDir })}.lock`;
    const info = JSON.parse(readFileSync(file, "utf8"));
    expect(info).toMatchObject({ pid: process.pid, hostname: hostname(), boot_id: bootId() });
    expect(info.start_ticks).toBe(startTicks(process.pid));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await release();
  });

  it("the same session opened twice in one process says so, not 'in use by another process' or pid 0", async () => {
    const data = await savedSession();
    const release = await manager.acquireLock(data.id, { workingDir: tmp.workDir });
    const error = await manager.acquireLock(data.id, { workingDir: tmp.workDir }).catch((e) => e);
    expect(error.message).toBe(`Session ${data.id} is already open in this agenix process.`);
    await release();
  });

  it("a lock from another hostname on this kernel whose process is gone is taken over", async () => {
    const data = await savedSession();
    const file = `${await manager.sessionPath(data.id, { workingDir: tmp.workDir })}.lock`;
    // A container's agenix, killed: same boot id, another hostname; its pid now names another
    // process (here: ours) whose start time differs.
    writeFileSync(
      file,
      JSON.stringify({
        pid: process.pid,
        hostname: "container-1f2e3d",
        boot_id: bootId(),
        start_ticks: (startTicks(process.pid) ?? 0) + 12345,
        started_at: "2024-01-01T00:00:00Z",
        token: "dead",
      }),
    );
    const release = await manager.acquireLock(data.id, { workingDir: tmp.workDir });
    expect(JSON.parse(readFileSync(file, "utf8")).hostname).toBe(hostname());
    await release();
  });

  it("a lock of another machine is kept, and the error names the host and the lock file", async () => {
    const data = await savedSession();
    const file = `${await manager.sessionPath(data.id, { workingDir: tmp.workDir })}.lock`;
    writeFileSync(
      file,
      JSON.stringify({
        pid: 4242,
        hostname: "build-box",
        boot_id: "other-kernel",
        started_at: "",
        token: "x",
      }),
    );
    const error = await manager.acquireLock(data.id, { workingDir: tmp.workDir }).catch((e) => e);
    expect(error.message).toContain("pid 4242 on host build-box");
    expect(error.message).toContain(`lock file ${file}`);
    expect(error.message).toContain(`agenix sessions unlock ${data.id}`);
    const result = await manager.unlockSession(data.id, { workingDir: tmp.workDir });
    expect(result).toMatchObject({ removed: true, holder: { pid: 4242, state: "unknown" } });
  });

  it("unlock refuses while the holder is alive on this host", async () => {
    const data = await savedSession();
    const release = await lockSessionFile(
      data.id,
      await manager.sessionPath(data.id, { workingDir: tmp.workDir }),
    );
    // Another manager in this same live process stands in for a live agenix.
    const error = await new SessionManager({ dir: tmp.root })
      .unlockSession(data.id, { workingDir: tmp.workDir })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SessionLockedError);
    await release();
  });
});

describe("histories providers reject", () => {
  it("repair moves a result placed before its call, drops one with an unknown id, renames duplicate ids", () => {
    const call = (id: string) => ({ id, name: "bash", arguments: { command: "ls" } });
    const messages: Message[] = [
      userMessage("go"),
      toolMessage("call_early", "early result"),
      {
        ...assistantMessage("two calls"),
        tool_calls: [call("call_early"), call("dup"), call("dup")],
      } as Message,
      toolMessage("dup", "first"),
      toolMessage("dup", "second"),
      toolMessage("call_unknown", "nobody asked"),
      assistantMessage("done"),
    ];
    const fixed = repairToolOrder(messages);
    expect(fixed).toMatchObject({ moved: 1, dropped: 1, renamed: 1 });
    expect(
      fixed.messages.map((m) => (m.role === "tool" ? `${m.tool_call_id}:${m.content}` : m.role)),
    ).toEqual(["user", "assistant", "call_early:early result", "dup:first", "dup_2:second", "assistant"]);
  });

  it("synthetic results for interrupted calls carry the time of the message before them", () => {
    const call = assistantMessage("running", "call_1");
    const repaired = repairDanglingToolCalls([
      userMessage("go"),
      { ...call, timestamp: "2024-01-01T12:00:05Z" },
    ]);
    expect(repaired[2]).toMatchObject({ role: "tool", timestamp: "2024-01-01T12:00:05Z", is_error: true });
  });
});

describe("optional fields set to null", () => {
  it("load, and repair keeps every message", async () => {
    const data = await savedSession();
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    const raw = JSON.parse(readFileSync(file, "utf8"));
    raw.metadata = { name: null, tags: null };
    raw.system_prompt = null;
    raw.messages[1].usage = null;
    raw.messages[1].model = null;
    raw.messages[2].is_error = null;
    raw.messages[3].tool_calls = null;
    writeFileSync(file, JSON.stringify(raw, null, 2));
    const loaded = await manager.loadSession(data.id, { workingDir: tmp.workDir });
    expect(loaded.messages).toHaveLength(4);
    expect("usage" in (loaded.messages[1] as object)).toBe(false);
    const repaired = await manager.repairSession(data.id, { workingDir: tmp.workDir });
    expect(repaired).toMatchObject({ changed: false, messages: 4 });
    const listed = await manager.listSessions({ workingDir: tmp.workDir, rescan: true });
    expect(listed.map((s) => s.id)).toEqual([data.id]);
  });
});

describe("deleting", () => {
  it("delete removes the session's backups too and reports them", async () => {
    const data = await savedSession();
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    writeFileSync(`${file}.bak-20240101_000000`, "secret copy");
    writeFileSync(`${file}.bak-20240101_000000_2`, "secret copy");
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 999999999, hostname: hostname(), token: "gone" }));
    const report: { path: string; backups: string[] }[] = [];
    await manager.deleteSession(data.id, { workingDir: tmp.workDir, report });
    expect(report[0]?.backups.map((b) => path.basename(b)).sort()).toEqual([
      `${data.id}.json.bak-20240101_000000`,
      `${data.id}.json.bak-20240101_000000_2`,
    ]);
    expect(readdirSync(path.dirname(file)).filter((n) => n.startsWith(data.id))).toEqual([]);
  });
});
