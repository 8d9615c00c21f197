// The decision table for files: writes and edits (the working directory, accept-edits, and the
// folders where an edit becomes code), and reads (secret locations).
import path from "node:path";
import { allow, byPathAllow, byPathDenyOrAsk } from "./decide-rules.js";
import { insideWorkingDir, type ResolvedPath, rulePath, secretReason } from "./paths.js";
import type { Decision, PathContext, PermissionPolicy } from "./types.js";

/**
 * Files an edit turns into code that runs later (git hooks and config, agent settings and hooks,
 * editor tasks, direnv): in accept-edits they still ask. An allow rule must name the folder.
 */
const CODE_FOLDERS = [".git", ".agenix", ".claude", ".vscode", ".husky"];
const CODE_FILES = [".envrc", ".gitmodules"];

/** `read(...)` rules cover every read; a reading tool's own rules (`grep(...)`) cover its calls. */
const readRules = (tool: string) => ["read", tool];
/** `write(...)` and `edit(...)` rules both cover every file change (and a writing tool's own rules). */
const writeRules = (tool: string) => ["write", "edit", tool];

export function codeLocation(p: ResolvedPath, ctx: PathContext): string | undefined {
  for (const candidate of p.lexical === p.real ? [p.lexical] : [p.lexical, p.real]) {
    const rel = path.relative(ctx.workingDir, candidate);
    const parts = rel.split(path.sep);
    const folder = parts.slice(0, -1).find((part) => CODE_FOLDERS.includes(part));
    if (folder) return folder;
    if (CODE_FILES.includes(parts.at(-1)!)) return parts.at(-1);
  }
  return undefined;
}

export function decideWrite(
  tool: string,
  p: ResolvedPath,
  policy: PermissionPolicy,
  ctx: PathContext,
): Decision {
  const shown = rulePath(p.lexical, ctx);
  const what = `changing ${shown}`;
  const rules = writeRules(tool);
  const ruled = byPathDenyOrAsk(rules, p, policy, ctx, what);
  if (ruled) return ruled;
  const code = codeLocation(p, ctx);
  const allowed = byPathAllow(rules, p, policy, ctx, (rule) => !code || (rule.pattern ?? "").includes(code));
  if (allowed) return allowed;
  const suggestion = `${tool}(${suggestPathPattern(p.lexical, ctx)})`;
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan")
    return {
      behavior: "deny",
      reason: "plan mode is read-only: files are not changed",
      suggestions: [],
      modeHint: "accept-edits",
    };
  if (!insideWorkingDir(p, ctx)) {
    const how =
      p.real !== p.lexical && p.real !== path.resolve(p.lexical) ? ` (through a link to ${p.real})` : "";
    return {
      behavior: "ask",
      reason: `${shown} is outside the working directory${how}`,
      suggestions: [suggestion],
      modeHint: "yolo",
    };
  }
  if (code)
    return {
      behavior: "ask",
      reason: `${what} needs your approval: files in ${code} become code that runs later`,
      suggestions: [],
      exact: [`${tool}(${shown})`],
      modeHint: "yolo",
    };
  if (policy.mode === "accept-edits") return allow("accept-edits mode: a file inside the working directory");
  return {
    behavior: "ask",
    reason: `${what} needs your approval`,
    suggestions: [suggestion],
    modeHint: "accept-edits",
  };
}

export function decideRead(
  tool: string,
  p: ResolvedPath,
  policy: PermissionPolicy,
  ctx: PathContext,
): Decision {
  const shown = rulePath(p.lexical, ctx);
  const tools = readRules(tool);
  const ruled = byPathDenyOrAsk(tools, p, policy, ctx, `reading ${shown}`);
  if (ruled) return ruled;
  const allowed = byPathAllow(tools, p, policy, ctx);
  if (allowed) return allowed;
  if (policy.mode === "yolo") return allow("yolo mode");
  const secret = secretReason(p, ctx);
  if (secret) {
    return {
      behavior: "ask",
      reason: `reading ${shown} needs your approval: ${secret}`,
      suggestions: [`read(${rulePath(p.lexical, ctx)})`],
      modeHint: "yolo",
    };
  }
  return allow("reading is allowed in every mode");
}

/** `src/**` for a file under src/, `./name` for a file at the top, `<dir>/**` outside. */
function suggestPathPattern(absolute: string, ctx: PathContext): string {
  const shown = rulePath(absolute, ctx);
  if (shown.startsWith("~/") || path.isAbsolute(shown)) return `${rulePath(path.dirname(absolute), ctx)}/**`;
  const top = shown.split("/")[0]!;
  return top === shown ? `./${shown}` : `${top}/**`;
}
