// `agenix sessions import`: one transcript or a folder of them, from any agent we can read. Each
// becomes a spec-format session in the folder of its own working directory, named by its start
// time. Importing the same transcript again is skipped (metadata.imported_from.source_id).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../errors.js";
import type { SessionData } from "../../messages/types.js";
import { timestampId } from "../../sessions/create.js";
import { withId } from "../../sessions/serialized.js";
import type { SessionStore } from "../../sessions/store.js";
import type { AgentFormat } from "./build.js";
import { detectFormat, type SourceFormat } from "./detect.js";
import { type PreparedSession, prepareTranscript } from "./prepare.js";
import { TranscriptPreparer } from "./workers.js";

export interface ImportOptions {
  /** "auto" detects each file's format. */
  from: SourceFormat | "auto";
  /** Working directory for transcripts that do not name one (Gemini CLI without .project_root). */
  fallbackDir: string;
  /** For agenix session files: file them under this working directory instead of their own. */
  workingDirOverride?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportOutcome {
  imported: { path: string; id: string; file: string; agent: SourceFormat; skippedLines: number }[];
  skipped: { path: string; reason: string }[];
  failed: { path: string; reason: string }[];
}

/** Transcript files under `dir` (recursively; symlinks are not followed). */
export function transcriptFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && (e.name.endsWith(".jsonl") || e.name.endsWith(".json"))) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const sourceKey = (agent: string, id: string) => `${agent}\u0000${id}`;

/** Source ids already imported: `agent\0source_id` -> session id. */
async function importedKeys(manager: SessionStore): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const s of await manager.listSessions({ all: true })) {
    const from = (s.metadata as { imported_from?: { agent?: unknown; source_id?: unknown } }).imported_from;
    if (from && typeof from.agent === "string" && typeof from.source_id === "string")
      keys.set(sourceKey(from.agent, from.source_id), s.id);
  }
  return keys;
}

/**
 * Stores a prepared session: as its bytes when the store has the fast path (the file store), else
 * parsed and through the store's addSession (PostgreSQL, a custom SessionManager subclass).
 */
async function addPrepared(store: SessionStore, baseId: string, workingDir: string, bytes: Uint8Array) {
  if (store.addSerialized) {
    const { id, path: file } = await store.addSerialized(baseId, workingDir, bytes);
    return { id, file };
  }
  const data = JSON.parse(Buffer.concat(withId(bytes, baseId)).toString("utf8")) as SessionData;
  const { id, path: file } = await store.addSession(data, baseId);
  return { id, file: file || store.folderFor(data.working_dir) };
}

/** The agent that wrote `file` (undefined: none we know). */
function agentFor(file: string, options: ImportOptions, inFolder: boolean): SourceFormat | undefined {
  const agent = options.from === "auto" ? detectFormat(file) : options.from;
  // A single .json file of no agent's format gets the session file's own validation errors.
  if (!agent && !inFolder && file.endsWith(".json")) return "agenix";
  return agent;
}

export async function importTranscripts(
  manager: SessionStore,
  target: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: [], skipped: [], failed: [] };
  const info = statSync(target);
  const isDir = info.isDirectory();
  // Reading a FIFO or a device would wait forever (or never end): only files and folders.
  if (!isDir && !info.isFile()) {
    throw new UsageError(
      `${target} is not a regular file or a folder (a FIFO, socket or device): give a transcript file, or a folder of them.`,
    );
  }
  const known = await importedKeys(manager);
  if (!isDir) {
    // One file: its error is the command's error (e.g. why a session file does not validate).
    await importOne(manager, target, agentFor(target, options, false), undefined, options, known, outcome);
    return outcome;
  }
  const files = transcriptFiles(target);
  const preparer = new TranscriptPreparer(files.length > 1 ? undefined : 0);
  // Transcripts are prepared a few files ahead of the one being saved, which keeps every worker busy.
  const ahead = preparer.parallel * 2;
  const agents: (SourceFormat | Error | undefined)[] = [];
  const prepared: (Promise<PreparedSession> | undefined)[] = [];
  const start = (i: number) => {
    if (i >= files.length) return;
    let agent: SourceFormat | undefined;
    try {
      agent = agentFor(files[i], options, true);
    } catch (error) {
      agents[i] = error as Error;
      return;
    }
    agents[i] = agent;
    if (agent && agent !== "agenix") {
      prepared[i] = preparer.prepare(agent, files[i], options.fallbackDir);
      prepared[i]?.catch(() => {}); // awaited in turn below
    }
  };
  try {
    for (let i = 0; i < Math.min(ahead, files.length); i++) start(i);
    for (let i = 0; i < files.length; i++) {
      try {
        await importOne(manager, files[i], agents[i], prepared[i], options, known, outcome, true);
      } catch (error) {
        outcome.failed.push({ path: files[i], reason: (error as Error).message });
      }
      prepared[i] = undefined;
      start(i + ahead);
      options.onProgress?.(i + 1, files.length);
    }
  } finally {
    await preparer.close();
  }
  return outcome;
}

async function importOne(
  manager: SessionStore,
  file: string,
  agent: SourceFormat | Error | undefined,
  prepared: Promise<PreparedSession> | undefined,
  options: ImportOptions,
  known: Map<string, string>,
  outcome: ImportOutcome,
  inFolder = false,
): Promise<void> {
  if (agent instanceof Error) throw agent;
  if (!agent) {
    // In a folder, files of no known format (settings, indexes) are passed over quietly.
    if (inFolder) outcome.skipped.push({ path: file, reason: "not a transcript of a known agent" });
    else
      throw new UsageError(
        `${file} is not a transcript agenix can read. Name its agent with --from <agent>.`,
      );
    return;
  }
  if (agent === "agenix") {
    const root = manager.localRoot;
    if (inFolder && root !== undefined && path.resolve(file).startsWith(root + path.sep)) {
      outcome.skipped.push({ path: file, reason: "already in the sessions directory" });
      return;
    }
    const { id, path: saved } = await manager.importSession(file, { workingDir: options.workingDirOverride });
    outcome.imported.push({ path: file, id, file: saved, agent, skippedLines: 0 });
    return;
  }
  const result = await (prepared ?? prepareTranscript(agent, file, options.fallbackDir));
  const key = sourceKey(agent, result.sourceId);
  const existing = known.get(key);
  if (existing) {
    outcome.skipped.push({ path: file, reason: `already imported as ${existing}` });
    return;
  }
  if (result.messageCount === 0) {
    outcome.skipped.push({ path: file, reason: "no messages" });
    return;
  }
  const base = timestampId(new Date(Date.parse(result.createdAt) || Date.now()));
  const saved = await addPrepared(manager, base, result.workingDir, result.bytes);
  known.set(key, saved.id);
  outcome.imported.push({
    path: file,
    id: saved.id,
    file: saved.file,
    agent,
    skippedLines: result.skippedLines,
  });
}

export type { AgentFormat };
