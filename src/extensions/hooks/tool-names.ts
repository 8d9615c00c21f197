// Our built-in tools as a Claude Code hook expects to see them: `Bash` rather than `bash`, and the
// argument names Claude Code uses (most are already the same; grep's `ignore_case` is its `-i`).
// File paths are made absolute, as Claude Code's tools send them. updatedInput maps back.
import path from "node:path";

const CLAUDE_NAMES: Record<string, string> = {
  bash: "Bash",
  read: "Read",
  write: "Write",
  edit: "Edit",
  grep: "Grep",
  glob: "Glob",
  bash_output: "BashOutput",
  kill_shell: "KillShell",
  web_fetch: "WebFetch",
  todo_write: "TodoWrite",
  task: "Task",
};

/** Our argument name -> Claude Code's, per tool (only where they differ). */
const RENAMED: Record<string, Record<string, string>> = {
  grep: { ignore_case: "-i" },
  bash_output: { id: "bash_id" },
  kill_shell: { id: "shell_id" },
  task: { agent: "subagent_type" },
};

const PATH_FIELDS = ["file_path", "path"];

/** The name a hook sees: Claude Code's for our built-ins, the tool's own otherwise (mcp__server__tool). */
export function claudeToolName(name: string): string {
  return CLAUDE_NAMES[name] ?? name;
}

/** Our name for a tool Claude Code names (`Read` -> `read`); any other name as it is (mcp__server__tool). */
export function ourToolName(name: string): string {
  for (const [ours, claude] of Object.entries(CLAUDE_NAMES)) if (claude === name) return ours;
  return name;
}

/** Names a matcher is tried against: Claude Code's and ours (so `bash` matches too). */
export function matchableNames(name: string): string[] {
  const claude = claudeToolName(name);
  return claude === name ? [name] : [claude, name];
}

/** tool_input as Claude Code would send it. */
export function claudeToolInput(
  name: string,
  input: Record<string, unknown>,
  workingDir: string,
): Record<string, unknown> {
  if (!(name in CLAUDE_NAMES)) return { ...input };
  const renamed = RENAMED[name] ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const claudeKey = renamed[key] ?? key;
    out[claudeKey] =
      PATH_FIELDS.includes(key) && typeof value === "string" && value !== ""
        ? path.resolve(workingDir, value)
        : value;
  }
  return out;
}

/** A hook's updatedInput in our argument names (Claude Code's names renamed back; others kept). */
export function ourToolInput(name: string, input: Record<string, unknown>): Record<string, unknown> {
  const renamed = RENAMED[name];
  if (!renamed) return { ...input };
  const back = Object.fromEntries(Object.entries(renamed).map(([ours, theirs]) => [theirs, ours]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[back[key] ?? key] = value;
  return out;
}
