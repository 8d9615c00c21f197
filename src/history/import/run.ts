// `agenix sessions import`: one transcript or a folder of them, from any agent we can read. Each
// becomes a spec-format session in the folder of its own working directory, named by its start
// time. Importing the same transcript again is skipped (metadata.imported_from.source_id).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../errors.js";
import { timestampId } from "../../sessions/create.js";
import type { SessionManager } from "../../sessions/manager.js";
import { importAgenixPy } from "./agenix-py.js";
import type { AgentFormat, ImportedSession } from "./build.js";
import { importClaudeCode } from "./claude-code.js";
import { importCodex } from "./codex.js";
import { detectFormat, type SourceFormat } from "./detect.js";
import { importGemini } from "./gemini.js";
import { importPi } from "./pi.js";
import { saveNewSession } from "./save.js";

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

const sourceKey = (agent: string, id: string) => `${agent}\u0000${id}`;

/** Source ids already imported: `agent\0source_id` -> session id. */
async function importedKeys(manager: SessionManager): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const s of await manager.listSessions({ all: true })) {
    const from = (s.metadata as { imported_from?: { agent?: unknown; source_id?: unknown } }).imported_from;
    if (from && typeof from.agent === "string" && typeof from.source_id === "string")
      keys.set(sourceKey(from.agent, from.source_id), s.id);
  }
  return keys;
}

export async function importTranscripts(
  manager: SessionManager,
  target: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: [], skipped: [], failed: [] };
  const isDir = statSync(target).isDirectory();
  const files = isDir ? transcriptFiles(target) : [target];
  const known = await importedKeys(manager);
  if (!isDir) {
    // One file: its error is the command's error (e.g. why a session file does not validate).
    await importOne(manager, target, options, known, outcome, false);
    return outcome;
  }
  let done = 0;
  for (const file of files) {
    try {
      await importOne(manager, file, options, known, outcome, isDir);
    } catch (error) {
      outcome.failed.push({ path: file, reason: (error as Error).message });
    }
    options.onProgress?.(++done, files.length);
  }
  return outcome;
}

async function importOne(
  manager: SessionManager,
  file: string,
  options: ImportOptions,
  known: Map<string, string>,
  outcome: ImportOutcome,
  inFolder: boolean,
): Promise<void> {
  let agent = options.from === "auto" ? detectFormat(file) : options.from;
  // A single .json file of no agent's format gets the session file's own validation errors.
  if (!agent && !inFolder && file.endsWith(".json")) agent = "agenix";
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
    if (inFolder && path.resolve(file).startsWith(manager.dir + path.sep)) {
      outcome.skipped.push({ path: file, reason: "already in the sessions directory" });
      return;
    }
    const { id, path: saved } = await manager.importSession(file, { workingDir: options.workingDirOverride });
    outcome.imported.push({ path: file, id, file: saved, agent, skippedLines: 0 });
    return;
  }
  const text = readFileSync(file, "utf8");
  const result = parseTranscript(agent, text, file, options.fallbackDir);
  const key = sourceKey(agent, result.sourceId);
  const existing = known.get(key);
  if (existing) {
    outcome.skipped.push({ path: file, reason: `already imported as ${existing}` });
    return;
  }
  if (result.data.messages.length === 0) {
    outcome.skipped.push({ path: file, reason: "no messages" });
    return;
  }
  const data = result.data;
  if (!data.working_dir) data.working_dir = options.fallbackDir;
  data.working_dir = path.resolve(data.working_dir);
  const base = timestampId(new Date(Date.parse(data.created_at) || Date.now()));
  const saved = await saveNewSession(manager.dir, manager.folderFor(data.working_dir), base, data);
  known.set(key, data.id);
  outcome.imported.push({
    path: file,
    id: data.id,
    file: saved,
    agent,
    skippedLines: result.skippedLines,
  });
}

export type { AgentFormat };
