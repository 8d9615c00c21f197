// Running git against the shadow repository only. Every call gets its own GIT_DIR, GIT_WORK_TREE
// and GIT_INDEX_FILE, no system or global config, hooks off and no inherited GIT_* variable (a hook
// environment's GIT_DIR would otherwise point git at the project's own repository).
import { spawn, spawnSync } from "node:child_process";

export interface GitTarget {
  /** The shadow repository (~/.agenix/checkpoints/<folder>/repo). */
  gitDir: string;
  /** The project's working directory. */
  workTree: string;
  /** The shadow index (default: <gitDir>/index). */
  indexFile?: string;
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0]} failed (${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`);
  }
}

/** Settings every call carries: nothing from the project's or the user's config can change them. */
const FIXED_CONFIG = [
  "core.hooksPath=/dev/null",
  "core.autocrlf=false",
  "core.eol=lf",
  "core.safecrlf=false",
  "core.symlinks=true",
  "core.fileMode=true",
  "core.ignoreCase=false",
  "core.precomposeUnicode=false",
  "core.quotePath=false",
  "core.fsmonitor=false",
  "core.longpaths=true",
  "core.bigFileThreshold=512m",
  "gc.auto=0",
  "maintenance.auto=false",
  "commit.gpgSign=false",
  "init.defaultBranch=checkpoints",
  "advice.detachedHead=false",
  "submodule.recurse=false",
  // Not the user's global ignore file: the project's rules are in the shadow info/exclude.
  "core.excludesFile=/dev/null",
];

export function gitEnv(target: GitTarget, now?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  Object.assign(env, {
    GIT_DIR: target.gitDir,
    GIT_WORK_TREE: target.workTree,
    GIT_INDEX_FILE: target.indexFile ?? `${target.gitDir}/index`,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_LITERAL_PATHSPECS: "1",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_AUTHOR_NAME: "agenix",
    GIT_AUTHOR_EMAIL: "checkpoints@agenix.invalid",
    GIT_COMMITTER_NAME: "agenix",
    GIT_COMMITTER_EMAIL: "checkpoints@agenix.invalid",
    LC_ALL: "C",
  });
  if (now) {
    env.GIT_AUTHOR_DATE = now;
    env.GIT_COMMITTER_DATE = now;
  }
  return env;
}

function fullArgs(args: string[]): string[] {
  return [...FIXED_CONFIG.flatMap((c) => ["-c", c]), ...args];
}

export interface GitRun {
  input?: string | Buffer;
  /** Dates for commits (AGENIX_TEST_NOW in tests). */
  now?: string;
  /** Stops reading (and kills git) once this many NUL-separated records came out. */
  maxRecords?: number;
  /** No work tree (creating the repository). */
  bare?: boolean;
}

export interface GitOutput {
  stdout: Buffer;
  /** True when maxRecords was reached and git was stopped. */
  cut: boolean;
}

/** git processes started by this process, by subcommand (read by bench/checkpoints.mjs). */
export const gitSpawns = new Map<string, number>();

/** Runs git and resolves to its stdout; rejects with GitError on a non-zero exit. */
export function git(target: GitTarget, args: string[], run: GitRun = {}): Promise<GitOutput> {
  gitSpawns.set(args[0]!, (gitSpawns.get(args[0]!) ?? 0) + 1);
  return new Promise((resolve, reject) => {
    const env = gitEnv(target, run.now);
    if (run.bare) {
      delete env.GIT_WORK_TREE;
      delete env.GIT_DIR;
      delete env.GIT_INDEX_FILE;
    }
    const child = spawn("git", fullArgs(args), {
      cwd: run.bare ? target.gitDir : target.workTree,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let records = 0;
    let cut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (cut) return;
      out.push(chunk);
      if (run.maxRecords !== undefined) {
        for (const byte of chunk) if (byte === 0) records++;
        if (records > run.maxRecords) {
          cut = true;
          child.kill("SIGKILL");
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (cut) return resolve({ stdout: Buffer.concat(out), cut });
      if (code !== 0) return reject(new GitError(args, code, Buffer.concat(err).toString("utf8")));
      resolve({ stdout: Buffer.concat(out), cut: false });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(run.input ?? "");
  });
}

/** git's stdout as text without the trailing newline. */
export async function gitText(target: GitTarget, args: string[], run: GitRun = {}): Promise<string> {
  return (await git(target, args, run)).stdout.toString("utf8").replace(/\n$/, "");
}

/** NUL-separated records of git's stdout. */
export function nulRecords(buffer: Buffer): string[] {
  const text = buffer.toString("utf8");
  const parts = text.split("\0");
  if (parts.at(-1) === "") parts.pop();
  return parts;
}

let available: boolean | undefined;

/** Whether a git binary runs here (checked once per process). */
export function gitAvailable(): boolean {
  if (available === undefined) {
    const result = spawnSync("git", ["--version"], { stdio: "ignore" });
    available = result.status === 0;
  }
  return available;
}
