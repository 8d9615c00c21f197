// The built `agenix acp` as a child process, driven by the ACP SDK's client side: every stdout line
// is kept (to check it is protocol), session/update notifications are collected, and permission
// requests are answered from a script.
import { type ChildProcess, spawn } from "node:child_process";
import { PassThrough, Readable, Writable } from "node:stream";
import {
  type ClientConnection,
  client,
  type InitializeRequest,
  ndJsonStream,
  type RequestPermissionRequest,
  type SessionNotification,
} from "@agentclientprotocol/sdk";
import { binPath } from "../support/cli.js";
import type { TestEditor } from "./test-editor.js";

export type PermissionAnswer = "allow_once" | "allow_always" | "reject_once" | "reject_always";

export interface AcpChild {
  child: ChildProcess;
  connection: ClientConnection;
  updates: SessionNotification[];
  permissionRequests: RequestPermissionRequest[];
  /** Answers for the next permission requests, in order (none left: the test fails). */
  answers: PermissionAnswer[];
  stdoutLines(): string[];
  stderr(): string;
  /** Resolves with the first update (already received or to come) that matches. */
  waitForUpdate(match: (n: SessionNotification) => boolean): Promise<SessionNotification>;
  /** Closes stdin and resolves with the exit code. */
  end(): Promise<number | null>;
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
  return {
    child,
    connection,
    updates,
    permissionRequests,
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
