// The CPU-heavy part of importing one transcript: read it, parse it into a spec session, and
// serialise that as the store writes it, with an empty id that saving fills in. Runs in an import
// worker (workers.ts) or in the importing thread; it decides nothing about ids or duplicates.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { SessionData } from "../../messages/types.js";
import { appendedMessagesText, headText, tailText } from "../../sessions/serialize.js";
import { importAgenixPy } from "./agenix-py.js";
import type { AgentFormat, ImportedSession, TranscriptText } from "./build.js";
import { importClaudeCode } from "./claude-code.js";
import { importCodex } from "./codex.js";
import { fileLines } from "./file-lines.js";
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
  text: TranscriptText,
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
      // One JSON document, read whole (JSONL formats stream their lines).
      return importGemini(typeof text === "string" ? text : readFileSync(file, "utf8"), file, fallbackDir);
    case "agenix-py":
      return importAgenixPy(text, file);
  }
}

/**
 * The session's bytes as the store writes them, serialised a message at a time: a session larger
 * than the longest string V8 can hold is a Buffer of pieces, never one string.
 */
function storeBytes(data: SessionData): Buffer {
  const pieces = [Buffer.from(headText(data))];
  for (const [i, message] of data.messages.entries())
    pieces.push(Buffer.from(appendedMessagesText([message], i)));
  pieces.push(Buffer.from(tailText(data, data.messages.length)));
  return Buffer.concat(pieces);
}

export function prepareTranscript(agent: AgentFormat, file: string, fallbackDir: string): PreparedSession {
  // JSONL transcripts are read line by line from the file; Gemini's JSON whole.
  const text = agent === "gemini" ? readFileSync(file, "utf8") : fileLines(file);
  const result = parseTranscript(agent, text, file, fallbackDir);
  const data = result.data;
  data.working_dir = path.resolve(data.working_dir || fallbackDir);
  data.id = "";
  return {
    sourceId: result.sourceId,
    skippedLines: result.skippedLines,
    messageCount: data.messages.length,
    workingDir: data.working_dir,
    createdAt: data.created_at,
    bytes: data.messages.length ? storeBytes(data) : new Uint8Array(0),
  };
}
