// The vocabulary of permissions: modes, rules and where they came from, and what a decision says.
// Plain data only, so the decision table (decide.ts) is a pure function of it.

export const PERMISSION_MODES = ["default", "auto", "accept-edits", "plan", "yolo"] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

export type RuleKind = "allow" | "deny" | "ask";

/**
 * Where a rule came from: shown by /permissions and in denial lines. "local" = the project's
 * settings.local.json; "approved" = "Yes, and don't ask again" (~/.agenix/approvals.json).
 */
export type RuleSource = "flag" | "user" | "project" | "local" | "approved" | "sdk" | "builtin" | "session";

export interface PermissionRule {
  kind: RuleKind;
  /** A tool name, possibly with `*` (e.g. `mcp__github__*`). */
  tool: string;
  /** Text between the parentheses; undefined for a bare `tool` rule (matches every call). */
  pattern?: string;
  source: RuleSource;
  /** The rule as written, e.g. `bash(npm test *)`. */
  text: string;
}

export interface PermissionPolicy {
  mode: PermissionMode;
  rules: readonly PermissionRule[];
}

/** What the decision needs to know about the world: directories and how to resolve links. */
export interface PathContext {
  /** Absolute working directory of the session. */
  workingDir: string;
  /** The user's home directory (for `~/` in rules and the built-in secret paths). */
  home: string;
  /** The sessions folder: reading it is reading every conversation. */
  sessionsDir?: string;
  /** Resolves symbolic links of an absolute path (the longest existing prefix); identity when absent. */
  realpath?: (absolute: string) => string;
}

/** A folder entry as the permission check lists it (globs, recursive reads). */
export interface DirEntry {
  name: string;
  /** A folder, or a link that may lead to one. */
  dir: boolean;
}

/** Lists a folder; undefined when it cannot be read. */
export type ReadDir = (dir: string) => DirEntry[] | undefined;

export type Behavior = "allow" | "deny" | "ask";

export interface Decision {
  behavior: Behavior;
  /** Why, in words for the user and the model. */
  reason: string;
  /** The rule that decided, when one did. */
  rule?: PermissionRule;
  /** Rules that would allow this call next time (for "yes, don't ask again" and the deny hint). */
  suggestions: string[];
  /**
   * When no rule is proposed (an interpreter, a destructive command): rules naming the exact
   * command, for the print-mode hint only; never offered as "don't ask again".
   */
  exact?: string[];
  /** A mode that would allow it, when one would (accept-edits for edits, yolo otherwise). */
  modeHint?: PermissionMode;
}

/** A tool call as the permission check sees it. */
export interface PermissionRequest {
  tool: string;
  input: Record<string, unknown>;
}
