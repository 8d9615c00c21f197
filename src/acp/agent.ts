// The ACP agent: initialize, authenticate, session/new, session/load, session/list, session/prompt,
// session/cancel and session/set_mode, each editor session backed by an agenix session in the usual
// store.
import path from "node:path";
import {
  type AgentApp,
  type AgentContext,
  type AuthMethod,
  agent,
  type ClientCapabilities,
  type McpServer,
  PROTOCOL_VERSION,
  RequestError,
  type RequestPermissionRequest,
  type RequestPermissionResponse,
  type SessionModeState,
  type SessionUpdate,
} from "@agentclientprotocol/sdk";
import type { AgentSession } from "../agent/agent-session.js";
import { NoKeyError } from "../errors.js";
import { PERMISSION_MODES, type PermissionMode } from "../permissions/types.js";
import { authenticate, authRequired } from "./auth.js";
import { availableCommands } from "./commands.js";
import { editorFiles } from "./editor-files.js";
import { editorShell } from "./editor-terminal.js";
import { listSessions } from "./list-sessions.js";
import { editorMcpServers } from "./mcp-servers.js";
import { openAcpSession, saveDenyRule } from "./open-session.js";
import { askEditor } from "./permission.js";
import { type Hosted, promptTurn } from "./prompt-turn.js";
import { replayMessages } from "./replay.js";
import type { LiveCalls } from "./run-prompt.js";

const MODE_NAMES: Record<PermissionMode, string> = {
  default: "Ask before edits and commands",
  "accept-edits": "Accept edits",
  auto: "Auto (commands run in the sandbox)",
  plan: "Plan (read only)",
  yolo: "Allow everything",
};

function modeState(session: AgentSession): SessionModeState {
  return {
    currentModeId: session.permissions?.mode ?? "default",
    availableModes: PERMISSION_MODES.map((id) => ({ id, name: MODE_NAMES[id] })),
  };
}

/** The editor's answer, or "cancelled" as soon as the prompt is (the editor may never answer). */
function raceAbort(answer: Promise<RequestPermissionResponse>, signal: AbortSignal) {
  return new Promise<RequestPermissionResponse>((resolve, reject) => {
    const cancelled = () => resolve({ outcome: { outcome: "cancelled" } });
    if (signal.aborted) return cancelled();
    signal.addEventListener("abort", cancelled, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener("abort", cancelled));
  });
}

export class AcpHost {
  private readonly sessions = new Map<string, Hosted>();
  private capabilities: ClientCapabilities | undefined;

  constructor(
    private readonly version: string,
    private readonly log: (text: string) => void,
    /** From auth.ts's authMethodsFor, worked out before the connection opens. */
    private readonly authMethods: AuthMethod[],
  ) {}

  app(): AgentApp {
    return agent({ name: "agenix" })
      .onRequest("initialize", ({ params }) => {
        this.capabilities = params.clientCapabilities;
        return {
          protocolVersion: Math.min(params.protocolVersion, PROTOCOL_VERSION),
          agentInfo: { name: "agenix", title: "agenix", version: this.version },
          agentCapabilities: {
            loadSession: true,
            promptCapabilities: { image: true, audio: false, embeddedContext: true },
            mcpCapabilities: { http: true, sse: false },
            sessionCapabilities: { list: {} },
          },
          authMethods: this.authMethods,
        };
      })
      .onRequest("authenticate", async ({ params }) => {
        await authenticate(params.methodId, process.cwd());
        return {};
      })
      .onRequest("session/list", ({ params }) => listSessions(params))
      .onRequest("session/new", async ({ params, client }) => {
        const hosted = await this.open(client, params.cwd, params.mcpServers);
        const sessionId = this.idOf(hosted);
        this.announceCommands(client, sessionId, hosted);
        return { sessionId, modes: modeState(hosted.session) };
      })
      .onRequest("session/load", async ({ params, client }) => {
        if (this.sessions.has(params.sessionId)) {
          throw RequestError.invalidParams(undefined, `Session ${params.sessionId} is already open here.`);
        }
        const hosted = await this.open(client, params.cwd, params.mcpServers, params.sessionId);
        const send = (update: SessionUpdate) =>
          client.notify("session/update", { sessionId: params.sessionId, update });
        await replayMessages(hosted.session.getMessages(), hosted.session.workingDir, send);
        this.announceCommands(client, params.sessionId, hosted);
        return { modes: modeState(hosted.session) };
      })
      .onRequest("session/prompt", async ({ params, client }) => {
        const hosted = this.get(params.sessionId);
        if (hosted.running) {
          throw RequestError.invalidRequest(
            undefined,
            `Session ${params.sessionId} is already running a prompt: wait for it to end, or send session/cancel first.`,
          );
        }
        const controller = new AbortController();
        hosted.running = controller;
        // An update the editor can no longer receive (it closed stdin) must not cut the turn short:
        // the turn still ends as a cancel does, saving what it has.
        const send = (update: SessionUpdate) =>
          client.notify("session/update", { sessionId: params.sessionId, update }).catch(() => {});
        const turn = promptTurn(hosted, params.prompt, controller.signal, send);
        hosted.turn = turn.then(
          () => {},
          () => {},
        );
        try {
          return { stopReason: await turn };
        } finally {
          hosted.running = undefined;
          hosted.turn = undefined;
        }
      })
      .onNotification("session/cancel", ({ params }) => {
        this.sessions.get(params.sessionId)?.running?.abort();
      })
      .onRequest("session/set_mode", async ({ params, client }) => {
        const hosted = this.get(params.sessionId);
        const mode = params.modeId as PermissionMode;
        if (!PERMISSION_MODES.includes(mode)) {
          throw RequestError.invalidParams(
            undefined,
            `Unknown mode ${params.modeId}: expected one of ${PERMISSION_MODES.join(", ")}.`,
          );
        }
        hosted.session.permissions?.setMode(mode);
        await client.notify("session/update", {
          sessionId: params.sessionId,
          update: { sessionUpdate: "current_mode_update", currentModeId: mode },
        });
        return {};
      });
  }

  /** Stops every running prompt and saves and closes every session (stdin closed). */
  async closeAll(): Promise<void> {
    for (const hosted of this.sessions.values()) hosted.running?.abort();
    // Each stopped turn saves its partial answer and the interrupted tool's result first.
    await Promise.all([...this.sessions.values()].map((hosted) => hosted.turn));
    await Promise.all(
      [...this.sessions.values()].map(async ({ session }) => {
        try {
          await session.close();
        } catch (error) {
          this.log(`Could not close session ${session.id}: ${String(error)}`);
        }
      }),
    );
    this.sessions.clear();
  }

  private idOf(hosted: Hosted): string {
    const id = hosted.session.id;
    if (id === undefined) throw RequestError.internalError(undefined, "The session has no id (not saved).");
    return id;
  }

  private get(sessionId: string): Hosted {
    const hosted = this.sessions.get(sessionId);
    if (!hosted) {
      throw RequestError.invalidParams(
        undefined,
        `Unknown session ${sessionId}: create one with session/new or open a stored one with session/load.`,
      );
    }
    return hosted;
  }

  /** The slash commands, once the editor has the session's id (after this response). */
  private announceCommands(client: AgentContext, sessionId: string, hosted: Hosted): void {
    setImmediate(() => {
      void client
        .notify("session/update", {
          sessionId,
          update: {
            sessionUpdate: "available_commands_update",
            availableCommands: availableCommands(hosted.custom),
          },
        })
        .catch((error: unknown) => this.log(`Could not list the commands: ${String(error)}`));
    });
  }

  private async open(
    client: AgentContext,
    cwd: string,
    mcpServers: readonly McpServer[] | undefined,
    sessionId?: string,
  ): Promise<Hosted> {
    if (!path.isAbsolute(cwd)) {
      throw RequestError.invalidParams(
        undefined,
        `cwd must be an absolute path, got ${JSON.stringify(cwd)}.`,
      );
    }
    const bridge = {
      sessionId: sessionId ?? "",
      workingDir: cwd,
      request: (params: RequestPermissionRequest, signal: AbortSignal) =>
        raceAbort(
          client.request("session/request_permission", params, { cancellationSignal: signal }),
          signal,
        ),
      // Only for calls the editor was shown (a subagent's call is known to it by the request alone).
      status: async (toolCallId: string, status: "pending" | "in_progress") => {
        if (!live.announced.has(toolCallId)) return;
        await client.notify("session/update", {
          sessionId: bridge.sessionId,
          update: { sessionUpdate: "tool_call_update", toolCallId, status },
        });
      },
      denyAlways: async (rule: Parameters<typeof saveDenyRule>[0]) => {
        hosted.session.permissions?.addRule(rule);
        await saveDenyRule(rule, bridge.workingDir);
      },
    };
    const live: LiveCalls = { terminals: new Map(), announced: new Set() };
    const id = () => bridge.sessionId;
    // Commands the sandbox does not run go to an editor terminal, shown in the running tool call.
    const launchShell = this.capabilities?.terminal
      ? editorShell(client, id, async (terminalId) => {
          const toolCallId = live.current;
          if (toolCallId === undefined) return;
          live.terminals.set(toolCallId, terminalId);
          await client.notify("session/update", {
            sessionId: id(),
            update: {
              sessionUpdate: "tool_call_update",
              toolCallId,
              content: [{ type: "terminal", terminalId }],
            },
          });
        })
      : undefined;
    let hosted: Hosted;
    try {
      const opened = await openAcpSession({
        workingDir: cwd,
        sessionId,
        ask: (request) => askEditor(bridge, request),
        log: this.log,
        mcpServers: editorMcpServers(mcpServers, this.log),
        editor: { files: editorFiles(client, this.capabilities, id), launchShell },
      });
      hosted = { ...opened, live };
    } catch (error) {
      if (error instanceof RequestError) throw error;
      if (error instanceof NoKeyError) throw authRequired(error.message);
      throw RequestError.invalidParams(undefined, error instanceof Error ? error.message : String(error));
    }
    bridge.sessionId = this.idOf(hosted);
    bridge.workingDir = hosted.session.workingDir;
    this.sessions.set(bridge.sessionId, hosted);
    return hosted;
  }
}
