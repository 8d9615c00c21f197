// Shared pieces of the hooks end-to-end tests: hook scripts written into the temp HOME, settings
// files in Claude Code's shape, and what a recorded request holds.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Writes a hook script into <home>/hooks and returns the command that runs it. */
export function script(home: string, name: string, source: string): string {
  const dir = path.join(home, "hooks");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return `python3 ${file}`;
}

/** A settings file holding only this `hooks` block. */
export function writeSettings(file: string, hooks: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ hooks }, null, 2));
}

/** One matcher group with one command hook. */
export const one = (command: string, matcher?: string, timeout?: number) => [
  {
    ...(matcher !== undefined ? { matcher } : {}),
    hooks: [{ type: "command", command, ...(timeout ? { timeout } : {}) }],
  },
];

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
export const toolMessages = (body: any) => body.messages.filter((m: { role: string }) => m.role === "tool");
// biome-ignore lint/suspicious/noExplicitAny: wire JSON
export const userMessages = (body: any) => body.messages.filter((m: { role: string }) => m.role === "user");
