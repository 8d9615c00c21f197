// Generates benchmark data: temp homes, session files of a chosen size written by agenix's own
// SessionManager (so the on-disk format is exactly what users have), and fast copies of one template.
import { mkdtempSync, realpathSync } from "node:fs";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const binPath = path.join(repoRoot, "dist/bin/agenix.js");

/** A fresh HOME with a sessions dir and a project dir, removed by cleanup(). BENCH_TMPDIR picks the disk. */
export async function makeBenchHome(label) {
  const base = process.env.BENCH_TMPDIR ?? tmpdir();
  const home = realpathSync(mkdtempSync(path.join(base, `agenix-bench-${label}-`)));
  const sessionDir = path.join(home, ".agenix", "sessions");
  const workDir = path.join(home, "project");
  await mkdir(workDir, { recursive: true });
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    AGENIX_SESSION_DIR: sessionDir,
    LANG: "C.UTF-8",
    TERM: "dumb",
    NO_COLOR: "1",
  };
  return { home, sessionDir, workDir, env, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** The built SessionManager class (`npm run bench` builds first). */
export async function loadSessionManager() {
  const file = path.join(repoRoot, "dist/sessions/manager.js");
  try {
    const mod = await import(file);
    if (typeof mod.SessionManager !== "function") throw new Error("no SessionManager export");
    return mod.SessionManager;
  } catch (error) {
    throw new Error(`cannot load ${file} (run npm run build): ${error.message}`);
  }
}

const CODE_LINE = "  const result = await processItem(items[index], { retries: 3, timeoutMs: 5000 });\n";

/** Tool output of about `bytes` bytes: the kind of large output that makes real sessions grow. */
export function toolOutput(bytes, seed = 0) {
  const lines = Math.max(1, Math.ceil(bytes / CODE_LINE.length));
  let out = "";
  for (let i = 0; i < lines; i++) out += `${String(seed * lines + i).padStart(6)}${CODE_LINE}`;
  return out;
}

/** One exchange: user text, an assistant tool call, its result, and the assistant's answer. */
export function exchange(index, toolBytes, timestamp) {
  const callId = `call_${index}`;
  return [
    { role: "user", content: `Step ${index}: show me src/module${index}.ts`, timestamp },
    {
      role: "assistant",
      content: [{ type: "text", text: "I'll read it." }],
      tool_calls: [{ id: callId, name: "read", arguments: { file_path: `src/module${index}.ts` } }],
      model: "gpt-4o",
      usage: { prompt_tokens: 1200 + index, completion_tokens: 40, total_tokens: 1240 + index },
      timestamp,
    },
    {
      role: "tool",
      tool_call_id: callId,
      name: "read",
      content: toolOutput(toolBytes, index),
      is_error: false,
      timestamp,
    },
    {
      role: "assistant",
      content: [{ type: "text", text: `Module ${index} retries each item three times before giving up.` }],
      model: "gpt-4o",
      usage: { prompt_tokens: 2400 + index, completion_tokens: 30, total_tokens: 2430 + index },
      timestamp,
    },
  ];
}

/**
 * Creates a session of about `targetBytes` on disk through the SessionManager and returns
 * `{ id, path, bytes, data }`. Tool outputs are `toolBytes` each (8 KB by default).
 */
export async function createSizedSession(
  manager,
  { workingDir, targetBytes, toolBytes = 8192, name, compactKeeping },
) {
  const data = await manager.createSessionData({
    workingDir,
    model: "gpt-4o",
    metadata: name ? { name, tags: ["bench"] } : {},
  });
  const perExchange = JSON.stringify(
    exchange(0, Math.min(toolBytes, targetBytes / 4), data.created_at),
    null,
    2,
  ).length;
  const count = Math.max(1, Math.round(targetBytes / perExchange));
  for (let i = 0; i < count; i++) {
    data.messages.push(...exchange(i, Math.min(toolBytes, targetBytes / 4), data.created_at));
  }
  if (compactKeeping) {
    // A compaction near the end, as a long session has: only the last exchanges are still sent.
    data.compactions = [
      {
        first_kept_index: data.messages.length - compactKeeping,
        summary: `## Goal\nRead the modules one by one.\n${"## Progress\nRead a module. ".repeat(40)}`,
        tokens_before: 120_000,
        tokens_after: 6_000,
        model: "gpt-4o",
        usage: { prompt_tokens: 100_000, completion_tokens: 800, total_tokens: 100_800 },
        trigger: "auto",
        timestamp: data.created_at,
        message_count: data.messages.length - compactKeeping + 1,
      },
    ];
  }
  await manager.saveSession(data);
  // sessionPath may be sync or async depending on the store; await covers both.
  const filePath = await manager.sessionPath(data.id);
  return { id: data.id, path: filePath, bytes: (await stat(filePath)).size, data };
}

/** `YYYYMMDD_HHMMSS` and ISO `YYYY-MM-DDTHH:MM:SSZ` for a time: both fixed width, so patchable in place. */
export function idAndIso(date) {
  const iso = `${date.toISOString().slice(0, 19)}Z`;
  const id = `${iso.slice(0, 10).replaceAll("-", "")}_${iso.slice(11, 19).replaceAll(":", "")}`;
  return { id, iso };
}

function offsetsOf(buffer, needle) {
  const offsets = [];
  const bytes = Buffer.from(needle);
  for (let at = buffer.indexOf(bytes); at !== -1; at = buffer.indexOf(bytes, at + bytes.length)) {
    offsets.push(at);
  }
  return offsets;
}

/**
 * Writes `count` copies of a template session file into `folder`, one second apart starting at
 * `start`, patching the id and every timestamp in place (same width), so 1 GB takes seconds.
 */
export async function writeCopies({ templatePath, templateId, folder, count, start }) {
  if (templateId.length !== 15) throw new Error(`template id ${templateId} is not YYYYMMDD_HHMMSS`);
  const buffer = await readFile(templatePath);
  const idOffsets = offsetsOf(buffer, templateId);
  // created_at, updated_at and message timestamps: whatever times the template holds become one time.
  const head = buffer.subarray(0, 4096).toString("utf8");
  const times = new Set([...head.matchAll(/"(?:created_at|updated_at)":\s*"([^"]+)"/g)].map((m) => m[1]));
  for (const time of times) {
    if (time.length !== 20) throw new Error(`template time ${time} is not YYYY-MM-DDTHH:MM:SSZ`);
  }
  const isoOffsets = [...times].flatMap((time) => offsetsOf(buffer, time));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const ids = [];
  for (let i = 0; i < count; i++) {
    const { id, iso } = idAndIso(new Date(start.getTime() + i * 1000));
    for (const at of idOffsets) buffer.write(id, at, "latin1");
    for (const at of isoOffsets) buffer.write(iso, at, "latin1");
    const handle = await open(path.join(folder, `${id}.json`), "w", 0o600);
    await handle.writeFile(buffer);
    await handle.close();
    ids.push(id);
  }
  return ids;
}

/**
 * Fills the sessions folder of `workDir` under `sessionDir` with `count` sessions of about `kb` KB.
 * The template is written by SessionManager in a scratch dir (so no index in the target dir knows
 * about it); its folder name tells where agenix keeps this working directory's sessions.
 */
export async function fillSessionFolder({ SessionManager, sessionDir, workDir, count, kb }) {
  const scratchDir = `${sessionDir}-template`;
  try {
    const manager = new SessionManager({ dir: scratchDir });
    const template = await createSizedSession(manager, {
      workingDir: workDir,
      targetBytes: kb * 1024,
      toolBytes: Math.min(8192, kb * 256),
      name: "Benchmark session",
    });
    const folderName = path.relative(scratchDir, path.dirname(template.path));
    const folder = path.join(sessionDir, folderName);
    await mkdir(sessionDir, { recursive: true, mode: 0o700 });
    const ids = await writeCopies({
      templatePath: template.path,
      templateId: template.id,
      folder,
      count,
      start: new Date(Date.UTC(2023, 0, 1)),
    });
    return { folder, ids, templateBytes: template.bytes };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
