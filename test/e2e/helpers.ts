// Helpers for end-to-end runs of the built binary against the scripted LLM server.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { assertFreshBuild, binPath, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";

/** Env for an OpenAI-compatible run against the scripted server. */
export function openaiEnv(home: TempHome, server: LlmServer): NodeJS.ProcessEnv {
  return { ...home.env, OPENAI_BASE_URL: server.openaiBaseUrl, OPENAI_API_KEY: "sk-test-key-123" };
}

/** Every session file under the temp HOME's sessions dir. */
export function sessionFiles(home: TempHome): string[] {
  let folders: string[];
  try {
    folders = readdirSync(home.sessionDir);
  } catch {
    return [];
  }
  return folders.flatMap((folder) =>
    readdirSync(path.join(home.sessionDir, folder))
      .filter((f) => f.endsWith(".json") && !f.startsWith("."))
      .map((f) => path.join(home.sessionDir, folder, f)),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary session JSON
export function readSession(file: string): any {
  return JSON.parse(readFileSync(file, "utf8"));
}

export function sessionIdFrom(stderr: string): string {
  const match = /Session: (\S+) {2}\(resume: agenix --session \1\)\n$/.exec(stderr);
  if (!match) throw new Error(`no Session line at the end of stderr:\n${stderr}`);
  return match[1] as string;
}

export interface LiveRun {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves when stderr contains `text`. */
  waitForStderr(text: string): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts agenix and lets the test react to its output (e.g. signal it when a tool starts). */
export function startAgenix(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): LiveRun {
  assertFreshBuild();
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: "pipe",
  });
  let out = "";
  let err = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (d) => {
    out += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d) => {
    err += d;
    for (const w of waiters.splice(0)) {
      if (err.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stdin.end();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    waitForStderr: (text) =>
      new Promise((resolve, reject) => {
        if (err.includes(text)) return resolve();
        waiters.push({ text, resolve });
        exit.then(() => reject(new Error(`exited before "${text}" appeared on stderr:\n${err}`)));
      }),
    exit,
  };
}
