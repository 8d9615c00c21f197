// Prompt history, per working directory, outside the session files: ~/.agenix/history/<folder>.jsonl.
// One JSON string per line so multi-line prompts survive; capped so the file never grows without bound.
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export const HISTORY_LIMIT = 500;

/** The history file for a working directory (folder name like the sessions folder's). */
export function historyPath(workingDir: string, home = process.env.HOME || homedir()): string {
  const folder = workingDir.replace(/^\/+/, "").replace(/[/\\:]/g, "_") || "_";
  return path.join(home, ".agenix", "history", `${folder.slice(0, 200)}.jsonl`);
}

/** Entries oldest first. A missing or damaged file is an empty history, never an error. */
export function loadHistory(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const entries: string[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const value = JSON.parse(line);
      if (typeof value === "string") entries.push(value);
    } catch {
      // A torn last line from a crash: skip it.
    }
  }
  return entries.slice(-HISTORY_LIMIT);
}

/** Appends one entry (0600 file, 0700 folder); once the cap is reached the file is rewritten to the last HISTORY_LIMIT entries. */
export function appendHistory(file: string, entry: string, current: string[]): string[] {
  const next = current[current.length - 1] === entry ? current : [...current, entry].slice(-HISTORY_LIMIT);
  if (next === current) return current;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (current.length + 1 > HISTORY_LIMIT) {
      writeFileSync(file, next.map((e) => `${JSON.stringify(e)}\n`).join(""), { mode: 0o600 });
    } else {
      appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    }
    chmodSync(file, 0o600);
  } catch {
    // History is a convenience: a read-only HOME must not break the prompt.
  }
  return next;
}
