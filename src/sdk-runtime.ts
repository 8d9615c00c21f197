// The live parts createSession() hands buildAgentSession() besides the config: the sandbox (only when
// asked for), the extensions given as functions or paths, and canUseTool as the approval question.

import type { AgentNotice } from "./agent/agent-session.js";
import { loadExtensions } from "./extensions/loader.js";
import { ExtensionRunner } from "./extensions/runner.js";
import type { ExtensionFactory } from "./extensions/types.js";
import type { PermissionConfig } from "./permissions/config.js";
import type { ApprovalAnswer, ApprovalRequest } from "./permissions/gate.js";
import { sandboxInput } from "./run/sandbox-input.js";
import type { SessionSandbox } from "./sandbox/session-sandbox.js";
import type { CreateSessionOptions } from "./sdk-options.js";
import { resolveDir } from "./sessions/paths.js";
import type { LoadedSettings } from "./settings/load.js";
import type { Tool } from "./tools/types.js";

/** The SDK's sandbox: only when asked for (an error when it cannot start); auto mode unless one is chosen. */
export async function sdkSandbox(
  mode: CreateSessionOptions["sandbox"],
  loaded: LoadedSettings,
  workingDir: string,
  permissions: PermissionConfig,
): Promise<SessionSandbox | undefined> {
  if (mode === undefined || mode === "off") return undefined;
  const { setUpSandbox } = await import("./sandbox/startup.js");
  const setup = await setUpSandbox(
    sandboxInput({ loaded, env: process.env, workingDir, flag: mode }),
    permissions,
  );
  if (setup.sandbox && permissions.modeSource === "default") permissions.mode = "auto";
  return setup.sandbox;
}

export async function sdkExtensions(
  list: (ExtensionFactory | string)[],
  workingDir: string,
  tools: Tool[],
  onNotice: (notice: AgentNotice) => void,
): Promise<ExtensionRunner> {
  const runner = new ExtensionRunner({ workingDir, reservedToolNames: tools.map((t) => t.name) });
  runner.setNoticeSink((level, text) => onNotice({ type: "notice", level, text }));
  for (const [index, entry] of list.entries()) {
    if (typeof entry === "string") {
      const sources = [{ path: resolveDir(entry, workingDir, process.env), scope: "flag" as const }];
      await loadExtensions(runner, sources);
    } else
      await runner.add(entry.name ? `${entry.name} (inline #${index + 1})` : `inline #${index + 1}`, entry);
  }
  return runner;
}

/** canUseTool as the session's approval question. */
export function approvalBridge(
  canUseTool: NonNullable<CreateSessionOptions["canUseTool"]>,
): (request: ApprovalRequest) => Promise<ApprovalAnswer> {
  return async ({ call, decision, signal }) => {
    const answer = await canUseTool({
      id: call.id,
      name: call.name,
      input: call.arguments ?? {},
      reason: decision.reason,
      suggestions: decision.suggestions,
      signal,
    });
    if (answer === "allow") return { behavior: "allow" };
    if (typeof answer === "object" && answer !== null && typeof answer.deny === "string")
      return { behavior: "deny", reason: answer.deny };
    return { behavior: "deny" };
  };
}
