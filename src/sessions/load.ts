// Reading a session file: parse, validate, explain failures precisely, and repair a torn tail.
// Whatever the bytes, the result is a session or a SessionLoadError: never another exception.
import { readFileSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError } from "../errors.js";
import { MAX_SESSION_DEPTH, valueDepth } from "../messages/json-depth.js";
import { dropNullOptionals, SessionSchema } from "../messages/schema.js";
import type { SessionData } from "../messages/types.js";
import type { DiskState } from "./disk-writer.js";
import { stateAfterWrite } from "./disk-writer.js";
import { findJsonProblem, lineAndColumn } from "./json-scan.js";
import { parseCompactedLazily } from "./lazy-load.js";
import { idFromFileName } from "./paths.js";
import { salvageSession } from "./salvage.js";
import { headText, tailText } from "./serialize.js";

export interface LoadedFile {
  /** The session, with `id` set to the file name (the file name is the id). */
  data: SessionData;
  /** Where the append fast path can continue; undefined when the next save must rewrite. */
  state?: DiskState;
  /** True when a cut-off end was dropped: the file on disk still holds the torn bytes. */
  repaired: boolean;
  /** Messages before this index are parsed on first read (a compacted session; see lazy-load.ts). */
  lazyFrom?: number;
  /** Size and mtime of the file as read: a later save that finds them changed keeps a backup. */
  disk?: { size: number; mtimeMs: number };
}

/** Formats a zod issue path like `messages[3].role`. */
function formatIssuePath(parts: readonly PropertyKey[]): string {
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
  dropNullOptionals(value as Record<string, unknown>);
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
  return parseSessionText(file, bytes.toString("utf8"));
}

/**
 * Parses the text of a session file. Taking text rather than bytes lets the loader drop the file's
 * bytes before JSON.parse builds the objects: loading a 100 MB session never holds both at once.
 */
function parseSessionText(file: string, raw: string): LoadedFile {
  try {
    const id = idFromFileName(path.basename(file));
    const bom = raw.charCodeAt(0) === 0xfeff;
    const text = bom ? raw.slice(1) : raw;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { reason, truncated } = syntaxReason(text, error);
      const repaired = truncated ? repairTornTail(text) : undefined;
      if (!repaired) throw new SessionLoadError(file, `${reason}; run: agenix sessions repair ${id}`);
      repaired.id = id;
      return { data: repaired, repaired: true };
    }
    // Nothing nests this deep in a real session; everything recursive (saving, showing, exporting,
    // forking) would overflow the stack on it, far from here and without naming the file.
    if (valueDepth(value, MAX_SESSION_DEPTH) > MAX_SESSION_DEPTH) {
      throw new SessionLoadError(
        file,
        `it nests more than ${MAX_SESSION_DEPTH} levels deep (e.g. a tool call's arguments); agenix does not load it`,
      );
    }
    const { data, reason } = validateSession(value);
    if (!data)
      throw new SessionLoadError(file, `${reason ?? "invalid session"}; run: agenix sessions repair ${id}`);
    // A file with a BOM is not in agenix's own layout: its next save rewrites it.
    const state = bom ? undefined : layoutState(file, data, text);
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
function layoutState(file: string, data: SessionData, text: string): DiskState | undefined {
  const head = headText(data);
  const tail = tailText(data, data.messages.length);
  if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail))
    return undefined;
  const size = Buffer.byteLength(text);
  const marker = `"updated_at": "`;
  const updatedAtOffset = Buffer.byteLength(head.slice(0, head.indexOf(marker) + marker.length));
  const layout = { messagesEnd: size - Buffer.byteLength(tail), updatedAtOffset };
  // size/mtime are filled in by the caller from the handle it read with.
  // Not sealed: the caller may edit these messages, so the next save rewrites unless the caller
  // asks for them frozen (an AgentSession only appends).
  return stateAfterWrite(data, file, layout, { size, mtimeMs: 0 }, false);
}

/**
 * A compacted session in agenix's own layout, loaded from its bytes without decoding or building the
 * messages that are no longer sent (see lazy-load.ts); undefined when the file does not qualify.
 */
function loadLazily(file: string, bytes: Buffer): LoadedFile | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined; // BOM
  const lazy = parseCompactedLazily(file, bytes);
  if (!lazy) return undefined;
  const { data } = lazy;
  const head = Buffer.from(headText(data));
  const tail = Buffer.from(tailText(data, data.messages.length));
  if (
    bytes.length < head.length + tail.length ||
    !bytes.subarray(0, head.length).equals(head) ||
    !bytes.subarray(bytes.length - tail.length).equals(tail)
  )
    return undefined;
  const marker = Buffer.from(`"updated_at": "`);
  const updatedAtOffset = head.indexOf(marker) + marker.length;
  const layout = { messagesEnd: bytes.length - tail.length, updatedAtOffset };
  data.id = idFromFileName(path.basename(file));
  // Sealed: the older messages are immutable elements (lazy-load.ts) frozen when built, the kept ones
  // are frozen here; the append check compares identities only from the lazy prefix on.
  const state = stateAfterWrite(data, file, layout, { size: bytes.length, mtimeMs: 0 }, true, lazy.lazyFrom);
  return { data, state, repaired: false, lazyFrom: lazy.lazyFrom };
}

/** Where a `compactions` key can be: the file's tail (the key is after `messages`). */
const TAIL_PROBE_BYTES = 1024 * 1024;

/** Whether the file's last MB holds a `compactions` key: only then is the lazy path tried. */
function hasCompactions(fd: number, size: number): boolean {
  const length = Math.min(size, TAIL_PROBE_BYTES);
  const tail = Buffer.allocUnsafe(length);
  const read = readSync(fd, tail, 0, length, size - length);
  return tail.subarray(0, read).includes('\n  "compactions": [');
}

/** Reads and parses a session file. Missing/unreadable files become SessionLoadError too. */
export async function readSessionFile(file: string, options: { frozen?: boolean } = {}): Promise<LoadedFile> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, "r");
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SessionLoadError(file, "not a regular file");
    // One synchronous read: the promise API reads a large file in 512 KB steps through the thread
    // pool, which made resuming a 10 MB session wait ~40 ms idle between chunks. A compacted session
    // opened to chat (frozen) loads lazily from its bytes (lazy-load.ts); any other file is read as
    // text and parsed whole.
    let loaded: LoadedFile;
    if (options.frozen && hasCompactions(handle.fd, stat.size)) {
      const bytes = readFileSync(handle.fd);
      loaded = loadLazily(file, bytes) ?? parseSessionText(file, bytes.toString("utf8"));
    } else {
      // Read as text: Node decodes without a JS Buffer, so no copy of the bytes outlives the decoding.
      loaded = parseSessionText(file, readFileSync(handle.fd, "utf8"));
    }
    loaded.disk = { size: stat.size, mtimeMs: stat.mtimeMs };
    if (loaded.state) {
      if (loaded.state.size !== stat.size)
        loaded.state = undefined; // changed while reading: rewrite next time
      else loaded.state.mtimeMs = stat.mtimeMs;
    }
    return loaded;
  } catch (error) {
    if (error instanceof SessionLoadError) throw error;
    throw new SessionLoadError(file, (error as Error)?.message ?? String(error));
  } finally {
    await handle?.close().catch(() => {});
  }
}
