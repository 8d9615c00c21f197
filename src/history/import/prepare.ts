// The CPU-heavy part of importing one transcript: read it, parse it into a spec session, and
// serialise that as the store writes it, with an empty id that saving fills in. Runs in an import
// worker (workers.ts) or in the importing thread; it decides nothing about ids or duplicates.
import { readFileSync } from "node:fs";
import path from "node:path";
import { HEADER_KEYS, type SessionData } from "../../messages/types.js";
import { importAgenixPy } from "./agenix-py.js";
import type { AgentFormat, ImportedSession } from "./build.js";
import { importClaudeCode } from "./claude-code.js";
import { importCodex } from "./codex.js";
import { importGemini } from "./gemini.js";
import { importPi } from "./pi.js";

export interface PreparedSession {
  /** The transcript's own id (with the agent, what makes importing it twice a no-op). */
  sourceId: string;
  skippedLines: number;
  messageCount: number;
  workingDir: string;
  createdAt: string;
  /**
   * The session file's bytes with `"id": ""` (see withId); empty when there are no messages. Bytes,
   * not a string: a worker hands them over without a copy.
   */
  bytes: Uint8Array;
}

export function parseTranscript(
  agent: AgentFormat,
  text: string,
  file: string,
  fallbackDir: string,
): ImportedSession {
  switch (agent) {
    case "claude-code":
      return importClaudeCode(text, file);
    case "codex":
      return importCodex(text, file);
    case "pi":
      return importPi(text, file);
    case "gemini":
      return importGemini(text, file, fallbackDir);
    case "agenix-py":
      return importAgenixPy(text, file);
  }
}

/** The session with the header keys first, as the store writes it. */
function inStoreOrder(data: SessionData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of HEADER_KEYS) out[key] = data[key];
  out.messages = data.messages;
  for (const [key, value] of Object.entries(data)) if (!(key in out)) out[key] = value;
  return out;
}

export function prepareTranscript(agent: AgentFormat, file: string, fallbackDir: string): PreparedSession {
  const result = parseTranscript(agent, readFileSync(file, "utf8"), file, fallbackDir);
  const data = result.data;
  data.working_dir = path.resolve(data.working_dir || fallbackDir);
  data.id = "";
  return {
    sourceId: result.sourceId,
    skippedLines: result.skippedLines,
    messageCount: data.messages.length,
    workingDir: data.working_dir,
    createdAt: data.created_at,
    // One native JSON.stringify: the same bytes as the store writes.
    bytes: data.messages.length
      ? Buffer.from(`${JSON.stringify(inStoreOrder(data), null, 2)}\n`)
      : new Uint8Array(0),
  };
}
