// Generated data for the history benchmarks, cached under BENCH_CACHE_DIR (default
// /tmp/agenix-bench-cache) because it is big: a search corpus of agenix sessions with varied text
// (every session different, words in a Zipf-like distribution), and Claude Code transcripts.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { prng } from "../../test/support/prng.ts"; // seeded: the same data for the same parameters

export const cacheRoot = process.env.BENCH_CACHE_DIR ?? "/tmp/agenix-bench-cache";

const SYLLABLES =
  "ka lo mi ra te sun vel dor pix nal qua zen tor bri cas fen gul hop ist jar kel lum mor nex".split(" ");

/** `n` distinct pseudo-words, most frequent first. */
export function vocabulary(n, rand) {
  const words = new Set();
  while (words.size < n) {
    let w = "";
    const parts = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < parts; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** A long text of words drawn with probability ~ 1/rank (Zipf), in lines like code or prose. */
export function textPool(rand, bytes, words) {
  const weights = words.map((_, i) => 1 / (i + 1));
  const cumulative = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    cumulative.push(sum);
  }
  const pick = () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const n = 4 + Math.floor(rand() * 10);
    const line = Array.from({ length: n }, pick).join(rand() < 0.3 ? "_" : " ");
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n");
}

/** Reuses `<cacheRoot>/<name>` when complete, else builds it with `build(dir)`. */
export async function cached(name, build) {
  const dir = path.join(cacheRoot, name);
  const done = path.join(dir, ".complete");
  if (existsSync(done)) return { dir, fresh: false };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await build(dir);
  writeFileSync(done, new Date().toISOString());
  return { dir, fresh: true };
}

/** Bytes of the files under `dir`, leaving out dot-files and dot-folders (such as `.search/`). */
export async function treeBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const parent = entry.parentPath ?? entry.path;
    const rel = path.relative(dir, path.join(parent, entry.name));
    if (entry.isFile() && !rel.split(path.sep).some((part) => part.startsWith("."))) {
      total += statSync(path.join(parent, entry.name)).size;
    }
  }
  return total;
}

const iso = (ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const idOf = (ms) => iso(ms).slice(0, 19).replace(/[-:]/g, "").replace("T", "_");

/**
 * `sessions` agenix session files of about `kb` KB in `folders` working-directory folders under
 * `root`, written in agenix's layout (pretty JSON, header keys first).
 */
export function writeSearchCorpus(root, { sessions, kb, folders, seed = 7 }) {
  const rand = prng(seed);
  const words = vocabulary(30_000, rand);
  const pool = textPool(rand, 24 * 1024 * 1024, words);
  const slice = (n) => {
    const at = Math.floor(rand() * (pool.length - n));
    return pool.slice(at, at + n);
  };
  let t = Date.UTC(2024, 0, 1);
  for (let s = 0; s < sessions; s++) {
    const workingDir = `/home/user/project${s % folders}`;
    const folder = path.join(root, workingDir.slice(1).replaceAll("/", "_"));
    if (s < folders) mkdirSync(folder, { recursive: true, mode: 0o700 });
    const created = t;
    const messages = [];
    let size = 0;
    let i = 0;
    while (size < kb * 1024) {
      t += 30_000;
      const callId = `call_${s}_${i}`;
      const output = slice(3000);
      messages.push(
        { role: "user", content: slice(120), timestamp: iso(t) },
        {
          role: "assistant",
          content: [{ type: "text", text: slice(200) }],
          tool_calls: [{ id: callId, name: "bash", arguments: { command: slice(40) } }],
          model: s % 3 ? "gpt-4o" : "claude-sonnet-4",
          usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050 },
          timestamp: iso(t),
        },
        {
          role: "tool",
          tool_call_id: callId,
          name: "bash",
          content: output,
          is_error: false,
          timestamp: iso(t),
        },
      );
      size += 3600;
      i++;
    }
    const data = {
      id: idOf(created),
      working_dir: workingDir,
      model: "gpt-4o",
      created_at: iso(created),
      updated_at: iso(t),
      metadata: s % 10 === 0 ? { name: slice(30), tags: [words[s % 50]] } : {},
      messages,
    };
    writeFileSync(path.join(folder, `${data.id}.json`), `${JSON.stringify(data, null, 2)}\n`, {
      mode: 0o600,
    });
    t += 60_000;
  }
  return words;
}

/** Claude Code transcripts (`<dir>/<project>/<uuid>.jsonl`) of about `fileMb` MB, `totalMb` in all. */
export function writeClaudeTranscripts(root, { totalMb, fileMb, seed = 11 }) {
  const rand = prng(seed);
  const words = vocabulary(20_000, rand);
  const pool = textPool(rand, 16 * 1024 * 1024, words);
  const slice = (n) => {
    const at = Math.floor(rand() * (pool.length - n));
    return pool.slice(at, at + n);
  };
  const files = Math.max(1, Math.round(totalMb / fileMb));
  let t = Date.UTC(2025, 5, 1);
  for (let f = 0; f < files; f++) {
    const project = path.join(root, `-home-user-app${f % 10}`);
    mkdirSync(project, { recursive: true });
    const hex = (f + 1).toString(16).padStart(12, "0");
    const sessionId = `5f1c2a9e-8b1d-4c3e-9f2a-${hex}`;
    const cwd = `/home/user/app${f % 10}`;
    const lines = [];
    let size = 0;
    let parent = null;
    let n = 0;
    const line = (type, extra) => {
      const uuid = `${hex}-${(n++).toString(16).padStart(8, "0")}`;
      t += 1000;
      const entry = {
        parentUuid: parent,
        isSidechain: false,
        userType: "external",
        cwd,
        sessionId,
        version: "1.0.98",
        gitBranch: "main",
        type,
        uuid,
        timestamp: new Date(t).toISOString(),
        ...extra,
      };
      parent = uuid;
      const text = JSON.stringify(entry);
      lines.push(text);
      size += text.length + 1;
    };
    const usage = {
      input_tokens: 10,
      cache_creation_input_tokens: 500,
      cache_read_input_tokens: 20000,
      output_tokens: 120,
    };
    while (size < fileMb * 1024 * 1024) {
      line("user", { message: { role: "user", content: slice(150) } });
      const mid = `msg_${hex}_${n}`;
      const base = {
        id: mid,
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-20250514",
        stop_reason: null,
        usage,
      };
      line("assistant", {
        message: { ...base, content: [{ type: "thinking", thinking: slice(300), signature: "x" }] },
        requestId: `req_${n}`,
      });
      line("assistant", {
        message: { ...base, content: [{ type: "text", text: slice(250) }] },
        requestId: `req_${n}`,
      });
      const toolId = `toolu_${hex}_${n}`;
      line("assistant", {
        message: {
          ...base,
          content: [{ type: "tool_use", id: toolId, name: "Bash", input: { command: slice(60) } }],
        },
        requestId: `req_${n}`,
      });
      line("user", {
        message: {
          role: "user",
          content: [{ tool_use_id: toolId, type: "tool_result", content: slice(6000), is_error: false }],
        },
        toolUseResult: { stdout: "", stderr: "" },
      });
      line("assistant", {
        message: {
          ...base,
          id: `${mid}b`,
          stop_reason: "end_turn",
          content: [{ type: "text", text: slice(400) }],
        },
        requestId: `req_${n}b`,
      });
    }
    writeFileSync(path.join(project, `${sessionId}.jsonl`), `${lines.join("\n")}\n`);
  }
}

/** A word of the search corpus at frequency rank `rank` (rank 20,000 of 30,000: in a few % of sessions). */
export function corpusWord(rank = 20_000, seed = 7) {
  return vocabulary(30_000, prng(seed))[rank];
}
