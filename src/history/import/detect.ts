// Which agent wrote a transcript, from its name and first lines; and where each agent keeps them.
import { closeSync, openSync, readSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { AgentFormat } from "./build.js";

export type SourceFormat = AgentFormat | "agenix";
export const FORMATS: SourceFormat[] = ["agenix", "claude-code", "codex", "pi", "gemini", "agenix-py"];

/** Where `--from <agent>` without a path looks. */
export function defaultLocation(agent: AgentFormat, home = homedir(), cwd = process.cwd()): string {
  switch (agent) {
    case "claude-code":
      return path.join(process.env.CLAUDE_CONFIG_DIR ?? path.join(home, ".claude"), "projects");
    case "codex":
      return path.join(process.env.CODEX_HOME ?? path.join(home, ".codex"), "sessions");
    case "pi":
      return path.join(home, ".pi", "agent", "sessions");
    case "gemini":
      return path.join(home, ".gemini", "tmp");
    case "agenix-py":
      return path.join(cwd, ".agenix");
  }
}

function head(file: string, bytes = 64 * 1024): string {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0)).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function firstObjects(text: string, max = 25): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (out.length >= max) break;
    try {
      const value = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) out.push(value);
    } catch {}
  }
  return out;
}

/** The format of one file, or undefined when it is none we know. */
export function detectFormat(file: string): SourceFormat | undefined {
  const text = head(file);
  if (file.endsWith(".json")) {
    const start = text.slice(0, 4096);
    if (/"working_dir"\s*:/.test(start) && /"messages"\s*:/.test(text)) return "agenix";
    if (/"sessionId"\s*:/.test(start) && (/"projectHash"\s*:/.test(start) || /"messages"\s*:/.test(start)))
      return "gemini";
    return undefined;
  }
  const lines = firstObjects(text);
  for (const line of lines) {
    // Gemini CLI's metadata line (its message lines carry `type` and an `id`, never `sessionId`).
    if (typeof line.sessionId === "string" && typeof line.projectHash === "string" && !("type" in line))
      return "gemini";
    if (line.type === "session" && ("cwd" in line || "version" in line)) return "pi";
    if (line.type === "session_header" && "session_id" in line) return "agenix-py";
    if (typeof line.type === "string" && "payload" in line) return "codex";
    if ((line.type === "user" || line.type === "assistant") && ("uuid" in line || "sessionId" in line))
      return "claude-code";
    if (line.type === "summary" && "leafUuid" in line) return "claude-code";
  }
  const first = lines[0];
  if (first && typeof first.id === "string" && first.type === undefined && "timestamp" in first)
    return "codex";
  if (
    lines.some((l) => l.record_type === "state" || (l.type === "message" && "role" in l && !("message" in l)))
  )
    return "codex";
  return undefined;
}
