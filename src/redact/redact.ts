// `agenix sessions export --redact`: what the spec's "For Sharing" script does, done thoroughly.
// `working_dir` becomes /project; the working directory and the home directory are replaced wherever
// they appear (-> /project and ~); every secret in message text, tool arguments, tool outputs, metadata
// and extra fields is replaced by [REDACTED], whole. Two passes: the first collects every secret value
// found anywhere in the session, the second removes each of them everywhere (also where no detector
// would recognise it: the command that used it, an output echoing it, a name, an id).
// Pure: the input session is never modified.
import os from "node:os";
import type { SessionData } from "../messages/types.js";
import { KnownSecrets, REDACTED, redactText } from "./secrets.js";
import { isPlaceholderValue, isSecretKey } from "./secrets-keys.js";

export { REDACTED, redactText } from "./secrets.js";

export interface RedactOptions {
  /** The home directory to replace with `~` (default: this user's). */
  home?: string;
}

export interface RedactResult {
  session: SessionData;
  /** How many secrets were replaced (path replacements are not counted). */
  redactions: number;
}

// Fields that are structure, not content: ids, timestamps, roles, model and tool names.
const TOP_LEVEL_KEEP = new Set(["id", "model", "created_at", "updated_at", "provider"]);
const MESSAGE_KEEP = new Set([
  "role",
  "timestamp",
  "tool_call_id",
  "name",
  "model",
  "stop_reason",
  "provider",
]);
const TOOL_CALL_KEEP = new Set(["id", "name"]);
const BLOCK_KEEP = new Set(["type"]);
// Kept fields are not searched for secrets, but copies of secrets found elsewhere are removed from
// them, except these, which are the file's structure and never hold one.
const STRUCTURE = new Set(["role", "type", "timestamp", "created_at", "updated_at"]);

interface PathRule {
  pattern: RegExp;
  replacement: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function trimSlash(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, "") : dir;
}

// `/home/ann` must not match inside `/home/anna` or `/home/ann.bak`, but must before a full stop.
function pathRule(dir: string, replacement: string): PathRule {
  return { pattern: new RegExp(`${escapeRegExp(dir)}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])`, "g"), replacement };
}

function pathRules(workingDir: string, home: string | undefined): PathRule[] {
  const pairs = new Map<string, string>();
  const homes = [home ?? os.homedir()];
  // The session may come from another machine or user: its working_dir names its home too.
  const inferred = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)(?=\/|$)/.exec(workingDir);
  if (inferred) homes.push(inferred[1]!);
  for (const h of homes) {
    const dir = trimSlash(h ?? "");
    if (dir.length > 1) pairs.set(dir, "~");
  }
  const wd = trimSlash(workingDir);
  if (wd.length > 1) pairs.set(wd, "/project");
  // Longest first, so /home/ann/project becomes /project rather than ~/project.
  return [...pairs.entries()]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([dir, replacement]) => pathRule(dir, replacement));
}

class Redactor {
  redactions = 0;
  constructor(
    private readonly paths: PathRule[],
    private readonly known: KnownSecrets,
  ) {}

  text(value: string): string {
    const { text, count } = redactText(value, this.known);
    this.redactions += count;
    let out = text;
    for (const rule of this.paths) out = out.replace(rule.pattern, rule.replacement);
    return out;
  }

  /** A kept field (a name, an id, the model): only copies of secrets found elsewhere are removed. */
  kept(key: string, value: unknown): unknown {
    if (typeof value !== "string" || STRUCTURE.has(key)) return value;
    const ranges = this.known.ranges(value);
    if (ranges.length === 0) return value;
    let out = "";
    let at = 0;
    for (const r of ranges) {
      if (r.start < at) continue;
      out += value.slice(at, r.start) + REDACTED;
      at = r.end;
      this.redactions++;
    }
    return out + value.slice(at);
  }

  /** Any JSON value: strings under a key that names a secret are replaced whole. */
  value(value: unknown, key?: string): unknown {
    if (typeof value === "string") {
      if (key !== undefined && isSecretKey(key) && !isPlaceholderValue(value) && value !== REDACTED) {
        this.redactions++;
        return REDACTED;
      }
      return this.text(value);
    }
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value !== null && typeof value === "object") return this.object(value as Record<string, unknown>);
    return value;
  }

  /** `keep`: fields only cleaned of known copies; `later`: fields the caller replaces itself. */
  object(
    obj: Record<string, unknown>,
    keep: Set<string> = new Set(),
    later: Set<string> = new Set(),
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      out[k] = later.has(k) ? v : keep.has(k) ? this.kept(k, v) : this.value(v, k);
    }
    return out;
  }

  message(message: Record<string, unknown>): Record<string, unknown> {
    const out = this.object(message, MESSAGE_KEEP, new Set(["content", "tool_calls"]));
    const content = message.content;
    if (typeof content === "string") out.content = this.text(content);
    else if (Array.isArray(content)) {
      out.content = content.map((block) =>
        block !== null && typeof block === "object"
          ? this.object(block as Record<string, unknown>, BLOCK_KEEP)
          : this.value(block),
      );
    }
    if (Array.isArray(message.tool_calls)) {
      out.tool_calls = message.tool_calls.map((call) =>
        call !== null && typeof call === "object"
          ? this.object(call as Record<string, unknown>, TOOL_CALL_KEEP)
          : this.value(call),
      );
    }
    return out;
  }
}

/** A redacted copy of `session`, for sharing, and how many secrets were replaced. */
export function redactSession(session: SessionData, opts: RedactOptions = {}): RedactResult {
  const known = collectSecrets(session);
  const redactor = new Redactor(pathRules(session.working_dir, opts.home), known);
  const out = redactor.object(
    session as unknown as Record<string, unknown>,
    TOP_LEVEL_KEEP,
    new Set(["working_dir", "messages"]),
  );
  out.working_dir = "/project";
  out.messages = session.messages.map((m) => redactor.message(m as unknown as Record<string, unknown>));
  return { session: out as unknown as SessionData, redactions: redactor.redactions };
}

/** Every secret value anywhere in the session: detected in text, or held under a key that names one. */
export function collectSecrets(session: SessionData): KnownSecrets {
  const known = new KnownSecrets();
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === "string") {
      if (key !== undefined && STRUCTURE.has(key)) return;
      if (key !== undefined && isSecretKey(key) && !isPlaceholderValue(value)) known.add(value);
      else known.addFoundIn(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(session);
  return known;
}
