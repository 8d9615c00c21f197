// Shared by the sandbox's end-to-end tests: a temp HOME whose temp directory is its own (so the
// home folder itself is outside every writable place), the sandbox turned on, and scripted bash calls.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv } from "./helpers.js";

/** The env of a sandboxed run: TMPDIR inside HOME, AGENIX_SANDBOX unset (the default applies). */
export function sandboxEnv(
  home: TempHome,
  server: LlmServer,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const tmp = path.join(home.home, "tmp");
  mkdirSync(tmp, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...openaiEnv(home, server), TMPDIR: tmp, ...extra };
  if (!("AGENIX_SANDBOX" in extra)) delete env.AGENIX_SANDBOX;
  return env;
}

/**
 * Runs `body` with TMPDIR inside the temp HOME (an in-process SDK sandbox then has a temp directory
 * of its own, as sandboxEnv gives the binary), then puts TMPDIR back.
 */
export async function withHomeTmpdir<T>(home: TempHome, body: () => Promise<T>): Promise<T> {
  const tmp = path.join(home.home, "tmp");
  mkdirSync(tmp, { recursive: true });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await body();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

export function scriptBash(server: LlmServer, ...calls: Record<string, unknown>[]): void {
  server.push(
    ...calls.map((args, i) => ({
      text: "",
      toolCalls: [{ id: `call_${i + 1}`, name: "bash", arguments: args }],
    })),
    { text: "done" },
  );
}

/** The content of every tool message the model was sent (on the wire), in order. */
export function toolResultsOnWire(server: LlmServer): string[] {
  const last = server.requests.at(-1)?.body.messages ?? [];
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON
  return last.filter((m: any) => m.role === "tool").map((m: any) => String(m.content));
}

export function runIn(home: TempHome, args: string[], env: NodeJS.ProcessEnv) {
  return runAgenix(args, { cwd: home.workDir, env, timeoutMs: 60_000 });
}

/** Processes whose command line contains `marker` (checked in /proc, zombies excluded). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmdline.includes(marker) && state !== "Z") found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}
