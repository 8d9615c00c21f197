// The permission check of a running session: the decision table plus what to do with an "ask"
// (ask the user through `ask`; with no one to ask, refuse) and remembering "yes, don't ask again".
// Mode and rules are live state: Shift+Tab and remembered rules change them mid-session.

import path from "node:path";
import type { PermissionHint, ToolVerdict } from "../agent/authorize.js";
import type { ToolCall } from "../messages/types.js";
import { BUILTIN_TOOLS } from "./builtin-tools.js";
import { type DecideContext, decide, decideReadingPath } from "./decide.js";
import { domainMatches } from "./decide-fetch.js";
import { callLabel, denialMessage } from "./describe.js";
import { repositoryConfigProblem } from "./git-config.js";
import { memoizedReadDir, memoizedRealpath } from "./real-path.js";
import { describeSource, parseRule, ruleNamesTool } from "./rules.js";
import { loadShellParser } from "./shell-parse.js";
import { type PermissionTool, permissionLookup } from "./tool-permission.js";
import { cachedTrackedSecrets } from "./tracked-secrets.js";
import type { Decision, PermissionMode, PermissionRule, RuleSource } from "./types.js";

export interface ApprovalRequest {
  call: ToolCall;
  /** `bash(npm test)`: the call as one line. */
  label: string;
  decision: Decision;
  signal: AbortSignal;
}

export type ApprovalAnswer =
  | { behavior: "allow" /** Save decision.suggestions as allow rules. */; remember?: boolean }
  | { behavior: "deny"; reason?: string };

export interface PermissionsInit {
  mode: PermissionMode;
  rules: PermissionRule[];
  workingDir: string;
  home: string;
  sessionsDir?: string;
  /** The environment tool commands get: `$HOME/x` in a bash line is resolved with it. */
  env?: Record<string, string>;
  /** How an "ask" is answered; absent (print mode, SDK without canUseTool): it is refused. */
  ask?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  /** Persists a rule the user chose to remember (the CLI: ~/.agenix/approvals.json). */
  remember?: (rule: PermissionRule) => void | Promise<void>;
  /** Tells the user something (a remembered rule that could not be saved). */
  notify?: (text: string) => void;
  /** Bash commands run in an OS sandbox (auto mode lets them run; "sandbox": false asks). */
  sandboxed?: boolean;
  /** The sandbox keeps the working directory read-only (auto then asks before write/edit). */
  sandboxReadOnly?: boolean;
  /**
   * The session's tools: their declarations (tool-permission.ts) say what a call does. The built-in
   * tools' declarations are always known; a tool that declares nothing is decided by its name.
   */
  tools?: readonly PermissionTool[];
  /** Start loading the shell grammar now (in the background, while the model thinks). */
  preloadShell?: boolean;
}

export class Permissions {
  mode: PermissionMode;
  private readonly rules: PermissionRule[];
  private readonly ctx: DecideContext;

  constructor(private readonly init: PermissionsInit) {
    this.mode = init.mode;
    this.rules = init.rules.slice();
    this.ctx = {
      workingDir: init.workingDir,
      home: init.home,
      sessionsDir: init.sessionsDir,
      sandboxed: init.sandboxed,
      sandboxReadOnly: init.sandboxReadOnly,
      env: init.env,
      realpathFactory: memoizedRealpath,
      readDirFactory: memoizedReadDir,
      gitConfigProblem: () => repositoryConfigProblem(init.workingDir),
      trackedSecrets: cachedTrackedSecrets(init.workingDir),
      permissionOf: permissionLookup(BUILTIN_TOOLS, init.tools ?? []),
    };
  }

  /**
   * Starts loading the shell grammar (50 ms to a few seconds on a busy machine) in the background.
   * Called when a prompt starts, so it compiles while the model thinks rather than when the first
   * bash call arrives, and not at startup (where it would compete with the first keystrokes).
   * A failure surfaces at the first bash call.
   */
  warmUp(): void {
    if (this.init.preloadShell && !this.ctx.parseShell) loadShellParser().catch(() => {});
  }

  listRules(): readonly PermissionRule[] {
    return this.rules;
  }

  setMode(mode: PermissionMode): void {
    this.mode = mode;
  }

  /**
   * What grep and glob leave out while walking: a path whose reading would not be allowed outright
   * in default mode (a deny or ask rule, or a built-in secret path without an allow rule). Built
   * once per call: links are resolved once per folder for the whole walk.
   */
  readonly walkFilter = (tool: string): ((absolute: string) => boolean) => {
    // Walks do not follow links: an entry is where its folder really is (one lookup per folder).
    const folder = memoizedRealpath();
    const realpath = (absolute: string) => path.join(folder(path.dirname(absolute)), path.basename(absolute));
    const ctx: DecideContext = { ...this.ctx, realpathFactory: () => realpath };
    const policy = { mode: "default" as const, rules: this.rules };
    return (absolute) => decideReadingPath(tool, absolute, policy, ctx).behavior !== "allow";
  };

  /**
   * Whether an allow rule names exactly this host (`web_fetch(domain:127.0.0.1)`, no `*`) for `tool`:
   * only then may a fetch reach a private or loopback address the host name resolves to.
   */
  readonly explicitlyAllowedHost = (tool: string, host: string): boolean =>
    this.rules.some(
      (rule) =>
        rule.kind === "allow" &&
        ruleNamesTool(rule, tool) &&
        rule.pattern !== undefined &&
        !rule.pattern.includes("*") &&
        domainMatches(rule.pattern, host.toLowerCase()),
    );

  /** The decision alone (no asking): for tests, benchmarks and /permissions. */
  async decide(tool: string, input: Record<string, unknown>): Promise<Decision> {
    if (this.ctx.permissionOf?.(tool)?.kind === "command" && !this.ctx.parseShell)
      this.ctx.parseShell = await loadShellParser();
    return decide({ tool, input }, { mode: this.mode, rules: this.rules }, this.ctx);
  }

  /** The loop's AuthorizeTool; `hint` is a PreToolUse hook's allow or ask (deny and ask rules still hold). */
  readonly authorize = async (
    call: ToolCall,
    signal: AbortSignal,
    hint?: PermissionHint,
  ): Promise<ToolVerdict> => {
    const input = call.arguments ?? {};
    const decision = withHint(await this.decide(call.name, input), hint);
    const label = callLabel(call.name, input, undefined, this.ctx.permissionOf);
    if (decision.behavior === "allow") return { behavior: "allow" };
    if (decision.behavior === "deny") return this.refuse(call, decision, label, "rule");
    if (!this.init.ask) return this.refuse(call, decision, label, "no-one-to-ask");
    const answer = await this.init.ask({ call, label, decision, signal });
    if (answer.behavior === "deny") return this.refuse(call, decision, label, "user", answer.reason);
    if (answer.remember) await this.rememberAll(decision.suggestions);
    return { behavior: "allow" };
  };

  /** Adds a rule (e.g. a deny rule an editor's "reject always" saved) for the rest of the session. */
  addRule(rule: PermissionRule): void {
    if (!this.rules.some((r) => r.kind === rule.kind && r.text === rule.text)) this.rules.push(rule);
  }

  /** Adds allow rules for the rest of the session and hands them to `remember` to be saved. */
  async rememberAll(texts: readonly string[], source: RuleSource = "approved"): Promise<PermissionRule[]> {
    const added: PermissionRule[] = [];
    for (const text of texts) {
      const rule = parseRule(text, "allow", source);
      if (this.rules.some((r) => r.kind === "allow" && r.text === rule.text)) continue;
      this.rules.push(rule);
      added.push(rule);
      try {
        await this.init.remember?.(rule);
      } catch (error) {
        this.init.notify?.(
          `Warning: could not save the rule ${rule.text}: ${error instanceof Error ? error.message : String(error)}. It applies to this session only.`,
        );
      }
    }
    return added;
  }

  private refuse(
    call: ToolCall,
    decision: Decision,
    label: string,
    how: "rule" | "no-one-to-ask" | "user",
    userReason?: string,
  ): ToolVerdict {
    return {
      behavior: "deny",
      message: denialMessage(label, decision, how, userReason),
      denial: {
        tool: call.name,
        input: call.arguments ?? {},
        rule: how === "rule" && decision.rule ? decision.rule.text : null,
        ruleSource: how === "rule" && decision.rule ? describeSource(decision.rule.source) : undefined,
        reason: how === "user" ? "you said no" : decision.reason,
        allowWith:
          how === "rule" && decision.behavior === "deny" && decision.rule
            ? []
            : decision.suggestions.length > 0
              ? decision.suggestions
              : (decision.exact ?? []),
        modeHint: how === "rule" && decision.rule ? undefined : decision.modeHint,
        planMode: this.mode === "plan" && how !== "user" && !decision.rule ? true : undefined,
        byUser: how === "user",
        userReason,
      },
    };
  }
}

/** A hook's allow lifts an ask that no ask rule made; a hook's ask turns an allow into a question. */
function withHint(decision: Decision, hint: PermissionHint | undefined): Decision {
  if (hint?.decision === "allow" && decision.behavior === "ask" && decision.rule?.kind !== "ask") {
    return { ...decision, behavior: "allow", reason: "a PreToolUse hook allowed it" };
  }
  if (hint?.decision === "ask" && decision.behavior === "allow") {
    const reason = hint.reason
      ? `a PreToolUse hook asks: ${hint.reason}`
      : "a PreToolUse hook asked for confirmation";
    return { ...decision, behavior: "ask", reason, suggestions: [] };
  }
  return decision;
}
