// Disk full and read-only while an agent runs (in process, through the SDK and the scripted server):
// the first failed save warns once, the conversation goes on in memory, the next save retries and
// writes everything, and the existing file is never truncated. The storage layer's io seam injects
// the faults (root ignores chmod); a real 64 KB tmpfs is used too when this machine may mount one.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentSession } from "../../src/agent/agent-session.js";
import { createSession } from "../../src/sdk.js";
import { nodeIo, type SessionIo } from "../../src/sessions/io.js";
import { SessionManager } from "../../src/sessions/manager.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

function failingIo(state: { code?: string }): SessionIo {
  const fail = () => Object.assign(new Error(`${state.code}: simulated`), { code: state.code });
  return {
    ...nodeIo,
    // A partial write first (what a filling disk does), then the error.
    write: async (handle, data, position) => {
      if (!state.code) return nodeIo.write(handle, data, position);
      if (data.length > 3) await nodeIo.write(handle, data.subarray(0, 3), position);
      throw fail();
    },
    open: async (file, flags, mode) => {
      if (state.code === "EROFS" && flags !== "r") throw fail();
      return nodeIo.open(file, flags, mode);
    },
    rename: async (from, to) => {
      if (state.code) throw fail();
      return nodeIo.rename(from, to);
    },
  };
}

async function open(manager: SessionManager, warnings: string[]): Promise<AgentSession> {
  return createSession({
    baseUrl: server.openaiBaseUrl,
    apiKey: "sk-test",
    workingDir: home.workDir,
    sessionManager: manager,
    onNotice: (notice) => {
      if (notice.level === "warning") warnings.push(notice.text);
    },
  });
}

/** One prompt that makes four saves: user, assistant with a tool call, tool result, answer. */
function scriptTurn(answer: string, output = "echo tool-output") {
  server.push({ text: "", toolCalls: [{ name: "bash", arguments: { command: output } }] }, { text: answer });
}

describe("saving into a full or read-only sessions directory", () => {
  for (const code of ["ENOSPC", "EROFS"]) {
    it(`${code}: warns once, keeps the conversation in memory, retries on the next save, never truncates`, async () => {
      const state: { code?: string } = {};
      const manager = new SessionManager({ dir: home.sessionDir, io: failingIo(state) });
      const warnings: string[] = [];
      const session = await open(manager, warnings);
      scriptTurn("first answer");
      expect(await session.prompt("first")).toBe("first answer");
      const file = await manager.sessionPath(session.id as string, { workingDir: home.workDir });
      const saved = readFileSync(file);

      state.code = code;
      scriptTurn("second answer", "seq 1 5000");
      expect(await session.prompt("second")).toBe("second answer");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^Warning: could not save session .+: Failed to save session: /);
      expect(warnings[0]).toMatch(code === "ENOSPC" ? /disk is full/ : /read-only/);
      expect(warnings[0]).toMatch(/retry on the next message/);
      expect(readFileSync(file)).toEqual(saved); // not truncated, not torn
      expect(session.getMessages()).toHaveLength(8);

      state.code = undefined;
      scriptTurn("third answer");
      expect(await session.prompt("third")).toBe("third answer");
      const onDisk = JSON.parse(readFileSync(file, "utf8")).messages;
      expect(onDisk).toEqual(JSON.parse(JSON.stringify(session.getMessages())));
      expect(
        onDisk.filter((m: { role: string }) => m.role === "user").map((m: { content: string }) => m.content),
      ).toEqual(["first", "second", "third"]);
      expect(warnings).toHaveLength(1);
      expect(server.rejections).toEqual([]);
      await session.close();
    });
  }

  it("a real full disk (64 KB tmpfs), or a printed reason why it is skipped", async (ctx) => {
    const mount = path.join(home.home, "tiny");
    mkdirSync(mount);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount], { stdio: "pipe" });
    } catch (error) {
      const reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
      console.log(`[faults/disk] real full-disk test skipped: cannot mount tmpfs here (${reason})`);
      ctx.skip();
      return;
    }
    try {
      const manager = new SessionManager({ dir: path.join(mount, "sessions") });
      const warnings: string[] = [];
      const session = await open(manager, warnings);
      scriptTurn("first answer");
      await session.prompt("first");
      const file = await manager.sessionPath(session.id as string, { workingDir: home.workDir });
      const saved = readFileSync(file);
      // Fill the file system to the last byte.
      const filler = path.join(mount, "filler");
      try {
        writeFileSync(filler, Buffer.alloc(256 * 1024));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
      }
      scriptTurn("second answer", "seq 1 20000"); // ~100 KB of output: cannot fit
      expect(await session.prompt("second")).toBe("second answer");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/disk is full/);
      // Small saves may still fit in the file's last allocated page; the file stays whole JSON and
      // keeps everything saved before.
      const during = JSON.parse(readFileSync(file, "utf8")).messages;
      expect(during.slice(0, 4)).toEqual(JSON.parse(saved.toString("utf8")).messages);
      expect(during.length).toBeLessThan(8);

      rmSync(filler);
      scriptTurn("third answer");
      await session.prompt("third");
      const onDisk = JSON.parse(readFileSync(file, "utf8")).messages;
      expect(onDisk).toHaveLength(12);
      expect(warnings).toHaveLength(1);
      await session.close();
      console.log("[faults/disk] real full-disk test ran on a 64 KB tmpfs");
    } finally {
      execFileSync("umount", [mount]);
    }
  });
});
