// Temp directories and contexts for tool tests: real files, real processes.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { ToolContext } from "../../src/tools/types.js";

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "agenix-tools-"));
  made.push(dir);
  return dir;
}

export function ctxFor(workingDir: string, signal: AbortSignal = new AbortController().signal): ToolContext {
  return { workingDir, signal };
}

/** Writes files (creating folders); `mtimeSeconds` sets a fixed modification time. */
export function writeFiles(root: string, files: Record<string, string>, mtimeSeconds?: number): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (mtimeSeconds !== undefined) utimesSync(file, mtimeSeconds, mtimeSeconds);
  }
}
