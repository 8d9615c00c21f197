// Runs the built `agenix` binary as a subprocess in a temp HOME, the way a new user would.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, realpathSync, statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const binPath = path.join(repoRoot, "dist/bin/agenix.js");

let freshChecked = false;

/** The newest mtime of any file under `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  let newest = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * End-to-end tests run the built binary: they fail at once, with what to do, when dist/ is missing
 * or older than src/ (testing a stale build would grade old code).
 */
export function assertFreshBuild(): void {
  if (freshChecked) return;
  let built: number;
  try {
    built = statSync(binPath).mtimeMs;
  } catch {
    throw new Error(`${binPath} does not exist: run \`npm run build\` before the end-to-end tests.`);
  }
  const source = newestMtime(path.join(repoRoot, "src"));
  if (source > built) {
    throw new Error(
      `dist/ is older than src/ (a source file changed after the last build): run \`npm run build\` first.`,
    );
  }
  freshChecked = true;
}

export interface TempHome {
  home: string;
  /** $AGENIX_SESSION_DIR inside the temp HOME. */
  sessionDir: string;
  /** A working directory inside the temp HOME (exists). */
  workDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** A fresh HOME with a sessions dir and a project dir; env has no provider keys from the outer shell. */
export async function makeTempHome(): Promise<TempHome> {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-home-")));
  const sessionDir = path.join(home, ".agenix", "sessions");
  const workDir = path.join(home, "project");
  await mkdir(workDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AGENIX_SESSION_DIR: sessionDir,
    LANG: "C.UTF-8",
    TERM: "dumb",
    NO_COLOR: "1",
    // No probing for a local model server (Ollama, LM Studio...) the machine might run: tests that
    // want it point this at the scripted server.
    AGENIX_LOCAL_PROBE_PORTS: "",
    // Tests of the permission table's other modes run unsandboxed (as on a machine without
    // bubblewrap); the sandbox's own tests (test/e2e/sandbox*.test.ts) turn it on.
    AGENIX_SANDBOX: "off",
  };
  return { home, sessionDir, workDir, env, cleanup: () => rm(home, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/** Runs `agenix ...args` to completion. stdin is closed (or gets `input`), so it is never a terminal. */
export function runAgenix(args: string[], options: RunOptions = {}): Promise<RunResult> {
  assertFreshBuild();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
