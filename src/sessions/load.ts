// Reading a session file: parse, validate, explain failures precisely, and repair a torn tail.
// Whatever the bytes, the result is a session or a SessionLoadError: never another exception.
import { readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError } from "../errors.js";
import type { DiskState } from "./disk-writer.js";
import { stateAfterWrite } from "./disk-writer.js";
import type { SessionData } from "./format.js";
import { findJsonProblem, lineAndColumn } from "./json-scan.js";
import { idFromFileName } from "./paths.js";
import { salvageSession } from "./salvage.js";
import { SessionSchema } from "./schema.js";
import { headText, tailText } from "./serialize.js";

export interface LoadedFile {
  /** The session, with `id` set to the file name (the file name is the id). */
  data: SessionData;
  /** Where the append fast path can continue; undefined when the next save must rewrite. */
  state?: DiskState;
  /** True when a cut-off end was dropped: the file on disk still holds the torn bytes. */
  repaired: boolean;
}

/** Formats a zod issue path like `messages[3].role`. */
export function formatIssuePath(parts: readonly PropertyKey[]): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(top level)";
}

/** Validates a parsed value as a session; returns it or a reason naming the schema path. */
export function validateSession(value: unknown): { data?: SessionData; reason?: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { reason: "the file is not a JSON object" };
  }
  const parsed = SessionSchema.safeParse(value);
  // The schema has no transforms: keep the parsed value itself rather than zod's deep copy, which
  // would double the memory and time of loading a large session.
  if (parsed.success) return { data: value as SessionData };
  const issue = parsed.error.issues[0];
  return { reason: `invalid session at ${formatIssuePath(issue.path)}: ${issue.message}` };
}

function syntaxReason(text: string, error: unknown): { reason: string; truncated: boolean } {
  const problem = findJsonProblem(text);
  if (!problem) return { reason: `invalid JSON: ${(error as Error)?.message ?? error}`, truncated: false };
  const { line, column } = lineAndColumn(text, problem.index);
  const where = `line ${line}, column ${column} (position ${problem.index})`;
  if (problem.truncated)
    return { reason: `invalid JSON: the file ends too early at ${where}`, truncated: true };
  return { reason: `invalid JSON at ${where}: ${problem.what}`, truncated: false };
}

/** Parses the bytes of a session file. `file` is only used for messages and the id. */
export function parseSessionBytes(file: string, bytes: Buffer): LoadedFile {
  try {
    const id = idFromFileName(path.basename(file));
    let text = bytes.toString("utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { reason, truncated } = syntaxReason(text, error);
      const repaired = truncated ? repairTornTail(text) : undefined;
      if (!repaired)
        throw new SessionLoadError(
          file,
          `${reason}${truncated ? `; try: agenix sessions repair ${id}` : ""}`,
        );
      repaired.id = id;
      return { data: repaired, repaired: true };
    }
    const { data, reason } = validateSession(value);
    if (!data) throw new SessionLoadError(file, reason ?? "invalid session");
    const state = layoutState(file, data, bytes);
    data.id = id;
    return { data, state, repaired: false };
  } catch (error) {
    if (error instanceof SessionLoadError) throw error;
    throw new SessionLoadError(file, (error as Error)?.message ?? String(error));
  }
}

/** A torn tail keeps every complete message, provided the header itself is whole. */
function repairTornTail(text: string): SessionData | undefined {
  const salvage = salvageSession(text);
  if (!salvage.truncatedOnly) return undefined;
  return validateSession({ ...salvage.fields, messages: salvage.messages }).data;
}

/**
 * When the file is in agenix's own layout (exact head and tail), appending can continue at the end
 * of its last message without rewriting. Anything else (hand-edited, other writers) gets undefined.
 */
function layoutState(file: string, data: SessionData, bytes: Buffer): DiskState | undefined {
  const head = Buffer.from(headText(data), "utf8");
  const tail = Buffer.from(tailText(data, data.messages.length), "utf8");
  if (bytes.length < head.length + tail.length) return undefined;
  if (!bytes.subarray(0, head.length).equals(head)) return undefined;
  if (!bytes.subarray(bytes.length - tail.length).equals(tail)) return undefined;
  const marker = `"updated_at": "`;
  const headString = head.toString("utf8");
  const updatedAtOffset = Buffer.byteLength(headString.slice(0, headString.indexOf(marker) + marker.length));
  const layout = { messagesEnd: bytes.length - tail.length, updatedAtOffset };
  // size/mtime are filled in by the caller from the handle it read with.
  return stateAfterWrite(data, file, layout, { size: bytes.length, mtimeMs: 0 });
}

/** Reads and parses a session file. Missing/unreadable files become SessionLoadError too. */
export async function readSessionFile(file: string): Promise<LoadedFile> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, "r");
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SessionLoadError(file, "not a regular file");
    // One synchronous read: the promise API reads a large file in 512 KB steps through the thread
    // pool, which made resuming a 10 MB session wait ~40 ms idle between chunks.
    const bytes = readFileSync(handle.fd);
    const loaded = parseSessionBytes(file, bytes);
    if (loaded.state) {
      loaded.state.size = bytes.length;
      loaded.state.mtimeMs = stat.mtimeMs;
    }
    return loaded;
  } catch (error) {
    if (error instanceof SessionLoadError) throw error;
    throw new SessionLoadError(file, (error as Error)?.message ?? String(error));
  } finally {
    await handle?.close().catch(() => {});
  }
}
