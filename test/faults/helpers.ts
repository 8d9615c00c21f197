// Shared pieces of the fault tests: env-scaled counts, a seeded PRNG, event waits with deadlines,
// and an independent reader of session files (deliberately not agenix's own loader, so the tests
// do not grade the code under test with itself).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { LlmServer } from "../support/llm-server.js";

/** A count from the environment (e.g. AGENIX_FAULT_KILLS=2000), else the CI default. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

/** The PRNG seed: AGENIX_FAULT_SEED to replay a run, else a fresh one (always printed). */
export function faultSeed(): number {
  const raw = process.env.AGENIX_FAULT_SEED;
  return raw ? Number(raw) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
}

import { prng } from "../support/prng.js";

export { prng };

export function randInt(rng: () => number, maxExclusive: number): number {
  return Math.floor(rng() * maxExclusive);
}

/** Rejects after `ms` with a message naming what was awaited, so a stuck wait fails instead of hanging. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Resolves when the server has recorded more than `count` requests. Event-driven: it hooks the
 * server's `requests.push` (the bench does the same), no polling.
 */
export function requestAfter(server: LlmServer, count: number): Promise<void> {
  const requests = server.requests as LlmServer["requests"] & { __waiters?: (() => void)[] };
  if (requests.length > count) return Promise.resolve();
  if (!requests.__waiters) {
    const waiters: (() => void)[] = [];
    requests.__waiters = waiters;
    const push = requests.push.bind(requests);
    requests.push = (...items) => {
      const n = push(...items);
      for (const wake of waiters.splice(0)) wake();
      return n;
    };
  }
  return new Promise((resolve) => {
    const check = () => {
      if (requests.length > count) resolve();
      else requests.__waiters?.push(check);
    };
    check();
  });
}

/** Every `<id>.json` session file under a sessions root (no dot-files, temp files or backups). */
export function sessionFilesUnder(root: string): string[] {
  let folders: string[];
  try {
    folders = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
  return folders.flatMap((folder) =>
    readdirSync(path.join(root, folder))
      .filter((f) => f.endsWith(".json") && !f.startsWith("."))
      .map((f) => path.join(root, folder, f)),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: session JSON read back by tests
export type Json = any;

/**
 * The complete messages in a session file's bytes, read independently of agenix: the whole JSON if it
 * parses, else the longest prefix of messages whose closing line (`    }` at message indent; raw
 * newlines cannot occur inside JSON strings) was written.
 */
export function completeMessages(text: string): Json[] {
  try {
    return JSON.parse(text).messages ?? [];
  } catch {
    // fall through: a torn file
  }
  const start = text.indexOf('"messages": [');
  if (start < 0) return [];
  let end = text.lastIndexOf("\n    }");
  while (end > start) {
    try {
      return JSON.parse(`[${text.slice(start + '"messages": ['.length, end + 6)}]`);
    } catch {
      end = text.lastIndexOf("\n    }", end - 1);
    }
  }
  return [];
}

/** Byte offsets just after each message's closing brace in a pretty-printed session file. */
export function messageEnds(bytes: Buffer): number[] {
  const text = bytes.toString("latin1"); // 1 char per byte, so indices are byte offsets
  const start = text.indexOf('"messages": [');
  const ends: number[] = [];
  let at = text.indexOf("\n    }", start);
  while (at >= 0) {
    ends.push(at + 6);
    at = text.indexOf("\n    }", at + 1);
  }
  return ends;
}

export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Runs `jobs` with at most `limit` at a time; rejects with the first failure after all settle. */
export async function pool<T>(limit: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      try {
        results[i] = await jobs[i]();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  if (failure) throw failure;
  return results;
}
