// An editor's session as an agenix session, through the same assembly line as print mode: settings for
// its folder, the run configuration, the sandbox, customization (context files, skills, commands,
// agents for the task tool, extensions, the configured MCP servers plus the editor's), and
// buildAgentSession with approvals that become `session/request_permission` (permission.ts). The file tools and bash go through the editor
// when it offers `fs` and `terminal` (editor-files.ts, editor-terminal.ts).
import type { AgentSession } from "../agent/agent-session.js";
import type { Customization } from "../customize.js";
import type { McpServerConfig } from "../extensions/mcp/connection.js";
import type { ApprovalAnswer, ApprovalRequest } from "../permissions/gate.js";
import type { PermissionRule } from "../permissions/types.js";
import { buildAgentSession } from "../run/build-session.js";
import { resolveRunConfig } from "../run/config.js";
import { customizationRuntime, loadRunCustomization, subagentsRuntime } from "../run/customization.js";
import { runSandbox } from "../run/sandbox-setup.js";
import { openSessionStore } from "../sessions/open-store.js";
import { recordApproval } from "../settings/approvals.js";
import { loadSettings } from "../settings/load.js";
import { findProjectRoot, homeDir } from "../settings/paths.js";
import { updateSettingsFile } from "../settings/update.js";
import { builtinTools } from "../tools/registry.js";
import type { Tool, ToolContext } from "../tools/types.js";

export interface OpenRequest {
  workingDir: string;
  /** Continue this stored session (session/load); undefined: a new one. */
  sessionId?: string;
  ask: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  log: (text: string) => void;
  /** MCP servers the editor passed (mcp-servers.ts). */
  mcpServers: Record<string, McpServerConfig>;
  /** The editor's files and terminals, when it offers them. */
  editor: Pick<ToolContext, "files" | "launchShell">;
}

export interface OpenedSession {
  session: AgentSession;
  custom: Customization;
}

/** "Allow always": the user's own approvals for the project, as the interactive box records them. */
function rememberAllow(rule: PermissionRule, workingDir: string): Promise<void> {
  return recordApproval(findProjectRoot(workingDir), rule.text, { home: process.env.HOME });
}

/** "Reject always": a deny rule in the project's settings.local.json (a deny can only make agenix safer). */
export async function saveDenyRule(rule: PermissionRule, workingDir: string): Promise<void> {
  await updateSettingsFile("local", { cwd: workingDir, home: process.env.HOME }, (data) => {
    const permissions = (data.permissions ?? {}) as Record<string, unknown>;
    const list = Array.isArray(permissions[rule.kind]) ? (permissions[rule.kind] as unknown[]) : [];
    if (!list.includes(rule.text)) list.push(rule.text);
    permissions[rule.kind] = list;
    data.permissions = permissions;
  });
}

/** The built-in tools with the editor's files and terminals in their context. */
function throughEditor(tools: Tool[], editor: OpenRequest["editor"]): Tool[] {
  if (!editor.files && !editor.launchShell) return tools;
  return tools.map((tool) => ({ ...tool, run: (args, ctx) => tool.run(args, { ...ctx, ...editor }) }));
}

export async function openAcpSession(request: OpenRequest): Promise<OpenedSession> {
  const env = process.env;
  const { workingDir } = request;
  const loaded = await loadSettings({ cwd: workingDir, env, trust: false });
  const config = resolveRunConfig({
    front: "cli",
    options: {},
    env,
    loaded,
    workingDir,
    sessionId: request.sessionId,
    save: true,
    createNow: true,
  });
  for (const warning of config.permissions.warnings) request.log(warning);
  const sandbox = await runSandbox(config, env);
  if (sandbox.notice) request.log(sandbox.notice);
  let custom: Customization | undefined;
  try {
    const tools = builtinTools();
    custom = await loadRunCustomization({
      config,
      home: homeDir({ home: env.HOME }),
      reservedToolNames: tools.map((t) => t.name),
      sandbox,
      editorMcpServers: request.mcpServers,
    });
    for (const notice of custom.startupNotices) request.log(notice.text);
    custom.extensions.setNoticeSink((_level, text) => request.log(text));
    const opened = custom;
    const session = await buildAgentSession(config, {
      store: await openSessionStore({ store: config.sessionStore }),
      customization: customizationRuntime(custom),
      subagents: subagentsRuntime(custom),
      tools: throughEditor(tools, request.editor),
      sandbox: sandbox.sandbox,
      approvals: {
        ask: request.ask,
        remember: (rule) => rememberAllow(rule, workingDir),
      },
      onNotice: (notice) => request.log(notice.text),
      onClose: async () => {
        await opened.close();
        await sandbox.sandbox?.close();
      },
    });
    // Started now, waited for (at most AGENIX_MCP_WAIT_MS, default 3 s) by the first prompt.
    void custom.mcp.startAll();
    return { session, custom };
  } catch (error) {
    await custom?.close();
    await sandbox.sandbox?.close();
    throw error;
  }
}
