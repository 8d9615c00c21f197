// The built `agenix acp` as a child process, driven by the ACP SDK's client side: every stdout line
// is kept (to check it is protocol), session/update notifications are collected, and permission
// requests are answered from a script.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { PassThrough, Readable, Writable } from "node:stream";
import {
  type ClientConnection,
  client,
  type InitializeRequest,
  ndJsonStream,
  type RequestPermissionRequest,
  type SessionNotification,
} from "@agentclientprotocol/sdk";
import { afterEach, beforeAll, expect } from "vitest";
import { assertFreshBuild, binPath, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import type { TestEditor } from "./test-editor.js";

export type PermissionAnswer = "allow_once" | "allow_always" | "reject_once" | "reject_always";

export interface AcpChild {
  child: ChildProcess;
  connection: ClientConnection;
  updates: SessionNotification[];
  permissionRequests: RequestPermissionRequest[];
  /** For each permission request, how many updates had arrived before it (stdout order). */
  permissionAt: number[];
  /** Answers for the next permission requests, in order (none left: the test fails). */
  answers: PermissionAnswer[];
  stdoutLines(): string[];
  stderr(): string;
  /** Resolves with the first update (already received or to come) that matches. */
  waitForUpdate(match: (n: SessionNotification) => boolean): Promise<SessionNotification>;
  /** Closes stdin and resolves with the exit code. */
  end(): Promise<number | null>;
}

/** Every child started by startAcp and not ended yet (withAcp ends them after each test). */
const live = new Set<AcpChild>();

/** A fresh temp HOME and scripted server for each test (see withHomeAndServer), the built binary
 * checked once, and every `agenix acp` child the test started ended after it. */
export function withAcp(assign: (home: TempHome, server: LlmServer) => void): void {
  withHomeAndServer(assign);
  beforeAll(() => assertFreshBuild());
  // Runs before withHomeAndServer's teardown (after-hooks run in reverse order).
  afterEach(async () => {
    for (const acp of live) if (acp.child.exitCode === null) await acp.end();
    live.clear();
  });
}

/** `editor`: answers fs/* and terminal/* (test-editor.ts); pass its capabilities in initialize (initFor). */
export function startAcp(cwd: string, env: NodeJS.ProcessEnv, editor?: TestEditor): AcpChild {
  const child = spawn(process.execPath, [binPath, "acp"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const tee = new PassThrough();
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    tee.write(chunk);
  });
  child.stdout!.on("end", () => tee.end());
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const updates: SessionNotification[] = [];
  const waiters: { match: (n: SessionNotification) => boolean; resolve: (n: SessionNotification) => void }[] =
    [];
  const permissionRequests: RequestPermissionRequest[] = [];
  const permissionAt: number[] = [];
  const answers: PermissionAnswer[] = [];
  const base = client({ name: "test-editor" })
    .onNotification("session/update", ({ params }) => {
      updates.push(params);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(params)) waiter.resolve(params);
        else waiters.push(waiter);
      }
    })
    .onRequest("session/request_permission", ({ params }) => {
      permissionRequests.push(params);
      permissionAt.push(updates.length);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected permission request: ${params.toolCall.title}`);
      return { outcome: { outcome: "selected", optionId: answer } };
    });
  const app = editor ? editor.register(base) : base;
  const stream = ndJsonStream(
    Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>,
    Readable.toWeb(tee) as ReadableStream<Uint8Array>,
  );
  const connection = app.connect(stream);
  const acp: AcpChild = {
    child,
    connection,
    updates,
    permissionRequests,
    permissionAt,
    answers,
    stdoutLines: () => stdout.split("\n").filter((line) => line !== ""),
    stderr: () => stderr,
    waitForUpdate(match) {
      const found = updates.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    async end() {
      child.stdin!.end();
      return exited;
    },
  };
  live.add(acp);
  return acp;
}

export const INIT: InitializeRequest = {
  protocolVersion: 1,
  clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
};

/** initialize's request for an editor that offers what `editor` offers. */
export function initFor(editor: TestEditor): InitializeRequest {
  const { fs, terminal } = editor.offers;
  return {
    protocolVersion: 1,
    clientCapabilities: { fs: { readTextFile: fs, writeTextFile: fs }, terminal },
  };
}

/** `agenix acp` in `cwd`, initialized (as `editor` offers, else INIT), with one new session there. */
export async function startWithSession(cwd: string, env: NodeJS.ProcessEnv, editor?: TestEditor) {
  const acp = startAcp(cwd, env, editor);
  const init = await acp.connection.agent.request("initialize", editor ? initFor(editor) : INIT);
  const { sessionId } = await acp.connection.agent.request("session/new", { cwd, mcpServers: [] });
  return { acp, sessionId, init };
}

export const promptText = (a: AcpChild, sessionId: string, text: string) =>
  a.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });

/** Once a tool call runs and the command has written its pid to `pidFile`: that pid. */
export async function runningPid(a: AcpChild, pidFile: string): Promise<number> {
  await a.waitForUpdate(
    (n) => n.update.sessionUpdate === "tool_call_update" && n.update.status === "in_progress",
  );
  await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() !== "").toBe(true);
  return Number(readFileSync(pidFile, "utf8").trim());
}
