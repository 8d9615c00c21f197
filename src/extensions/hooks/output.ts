// What one hook process answered, read the way Claude Code reads it: exit 0 is success (stdout may
// be JSON with decisions, else plain text), exit 2 is a blocking error (stderr is the reason), any
// other ending (exit code, signal, timeout, a command that cannot start, invalid JSON) is a
// non-blocking error for the user. Fields are checked for type; a wrong-typed field is ignored.
import type { RunnableHook } from "./config.js";
import type { HookProcessResult } from "./spawn-hook.js";

export interface HookAnswer {
  hook: RunnableHook;
  kind: "success" | "block" | "error";
  /** Parsed stdout when it is a JSON object (success only). */
  json?: Record<string, unknown>;
  /** stdout when it is not JSON (success only), trimmed. */
  text: string;
  /** stderr, trimmed (the reason of a block). */
  stderr: string;
  /** For kind "error": what went wrong, for the user. */
  problem?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readHookAnswer(hook: RunnableHook, result: HookProcessResult): HookAnswer {
  const stderr = result.stderr.trim();
  const base = { hook, text: "", stderr };
  const fail = (problem: string): HookAnswer => ({ ...base, kind: "error", problem });
  if (result.error !== undefined) return fail(`could not start (${result.error})`);
  if (result.timedOut) return fail(`timed out after ${hook.timeout} s and was stopped`);
  if (result.signal) return fail(`was ended by ${result.signal}`);
  if (result.code === 2) return { ...base, kind: "block" };
  if (result.code !== 0) {
    return fail(`failed with exit code ${result.code}${stderr ? `: ${firstLines(stderr)}` : ""}`);
  }
  const stdout = result.stdout.trim();
  if (!stdout.startsWith("{")) return { ...base, kind: "success", text: stdout };
  if (result.truncated) return fail("printed more than 1 MB of JSON; its output was ignored");
  try {
    const json: unknown = JSON.parse(stdout);
    if (isRecord(json)) return { ...base, kind: "success", json };
  } catch {
    // falls through
  }
  return fail("printed invalid JSON; its output was ignored");
}

function firstLines(text: string): string {
  const lines = text.split("\n");
  const head = lines.slice(0, 3).join("\n");
  const cut = head.length > 500 ? `${head.slice(0, 500)}…` : head;
  return lines.length > 3 || cut !== head ? `${cut} …` : cut;
}

export function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === "string" ? value : undefined;
}

/** `hookSpecificOutput`, when it is an object. */
export function specificOutput(answer: HookAnswer): Record<string, unknown> | undefined {
  const value = answer.json?.hookSpecificOutput;
  return isRecord(value) ? value : undefined;
}

export function recordField(
  record: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const value = record?.[key];
  return isRecord(value) ? value : undefined;
}
