// What a front end brings to buildAgentSession() besides the configuration (RunConfig): the store,
// the loaded customization, how to ask about tool calls, where notices go, the sandbox.
import type { AgentDefinition } from "../agent/agent-definition.js";
import type { AgentNotice } from "../agent/agent-session.js";
import type { CompactionHooks } from "../agent/compaction/hooks.js";
import type { AgentHooks } from "../agent/hooks.js";
import type { RequestBudget } from "../agent/request-guard.js";
import type { ApprovalAnswer, ApprovalRequest } from "../permissions/gate.js";
import type { PermissionRule } from "../permissions/types.js";
import type { LocalServer } from "../providers/local-probe.js";
import type { SessionStore } from "../sessions/store.js";
import type { Env } from "../settings/choices.js";
import type { CommandSandbox } from "../tools/shell-handle.js";
import type { Tool } from "../tools/types.js";

/** What a front end brings besides the configuration: live objects, not settings. */
export interface RunRuntime {
  store: SessionStore;
  /** Context files, skills, extensions and MCP servers (run/customization.ts), when loaded. */
  customization?: {
    /** Appended to the system prompt: context files and the skills listing. */
    promptAddition?: string;
    /** Extension hooks (lifecycle events, tool calls and results, compaction): the runner, once. */
    hooks?: AgentHooks;
    /** Extension and MCP tools, asked before each run (MCP servers may come up later). */
    tools?: () => Tool[];
  };
  /** The caller's own compaction hooks (SDK `compaction.beforeCompact` / `onCompact`), after the extensions'. */
  compactionHooks?: CompactionHooks;
  /** Tools offered to the model (default: the built-in ones). */
  tools?: Tool[];
  /** How to ask about a tool call ("ask" is refused without it) and where a remembered rule goes. */
  approvals?: {
    ask?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
    remember?: (rule: PermissionRule) => void | Promise<void>;
  };
  onNotice?: (notice: AgentNotice) => void;
  /** Looks for a local OpenAI-compatible server when no key is set (default: probeLocalServers). */
  probeLocal?: (env: Env) => Promise<LocalServer | undefined>;
  /** Where bash runs commands (src/sandbox/); the front end closes it (e.g. through onClose). Absent: unsandboxed. */
  sandbox?: CommandSandbox;
  /** Called when the session closes, after its own closing (the SDK ends its sandbox there). */
  onClose?: () => Promise<void>;
  /** Offer the task tool: the loaded agent definitions (the built-in general and explore come first). */
  subagents?: { definitions: readonly AgentDefinition[] };
  /** A budget to share (a subagent's requests count against its parent's); default: from the config. */
  budget?: RequestBudget;
  /** A subagent's session: no task tool and no checkpoints of its own. */
  child?: boolean;
}
