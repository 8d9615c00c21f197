// Interactive mode's entry, imported lazily by print mode's run-main (`agenix` with no message on a
// terminal, or `agenix --resume`): Ink and React load only here.
import { render } from "ink";
import { createElement } from "react";
import { builtinAgents, mergeAgents } from "../../agent/agent-definition.js";
import { collectHooks } from "../../extensions/hooks/config.js";
import { parentLink } from "../../messages/subagent-link.js";
import type { PermissionRule } from "../../permissions/types.js";
import { buildAgentSession } from "../../run/build-session.js";
import {
  customizationRuntime,
  loadRunCustomization,
  mcpWaitMs,
  subagentsRuntime,
  untrustedMcpServers,
} from "../../run/customization.js";
import type { RunRuntime } from "../../run/runtime.js";
import type { SandboxSetup } from "../../sandbox/startup.js";
import { openSessionStore } from "../../sessions/open-store.js";
import type { SessionStore } from "../../sessions/store.js";
import { loadSettings } from "../../settings/load.js";
import { homeDir } from "../../settings/paths.js";
import { builtinTools } from "../../tools/registry.js";
import { formatAgents } from "../agents-format.js";
import type { Settings } from "../cli-settings.js";
import { formatHooksList } from "../hooks/format.js";
import { writeErr, writeOut, writeTerminalControl } from "../output.js";
import { rememberRule } from "../permissions-setup.js";
import { onStopSignals, SIGNAL_EXIT_CODES } from "../stop-signals.js";
import { packageVersion } from "../version.js";
import { App } from "./app.js";
import { ApprovalQueue } from "./approvals.js";
import { configCommand } from "./config-command.js";
import { customCommands } from "./custom-commands.js";
import { historyPath } from "./history.js";
import { markdownReady } from "./markdown.js";
import type { ServerModels } from "./model-command.js";
import { analyseSession, exportToFile, historyActions, sessionStatus } from "./services.js";
import { type Item, info, itemsForResume } from "./transcript-state.js";
import type { ChatSession, SessionSource } from "./types.js";

const BRACKETED_PASTE_ON = "\u001b[?2004h";
const BRACKETED_PASTE_OFF = "\u001b[?2004l";

export interface InteractiveOptions {
  /** --extension paths. */
  flags?: { extension?: string[] };
  /** A SessionManager (or subclass); default: the sessions root from AGENIX_SESSION_DIR or ~/.agenix/sessions. */
  manager?: SessionStore;
  /** Called just before the UI is rendered (the early prompt hands its typed keys over). */
  beforeRender?: () => void;
  /** Where a remembered rule goes (default: ~/.agenix/approvals.json, keyed by project). */
  remember?: (rule: PermissionRule) => Promise<void>;
  /** The command sandbox (closed when the UI ends); absent: commands run unsandboxed. */
  sandbox?: SandboxSetup;
}

/** Runs the terminal UI until the user leaves; resolves to the exit code. */
export async function startInteractive(
  settings: Settings,
  options: InteractiveOptions = {},
): Promise<number> {
  const manager = options.manager ?? (await openSessionStore({ store: settings.sessionStore }));
  const env = settings.env;
  const custom = await loadRunCustomization({
    config: settings,
    home: homeDir({ home: env.HOME }),
    flagExtensions: options.flags?.extension,
    reservedToolNames: builtinTools().map((t) => t.name),
    sandbox: options.sandbox,
  });
  const approvals = new ApprovalQueue();
  // Shared by every session opened here: a rule remembered in one applies after /load too.
  const rules = settings.permissions.rules.slice();
  const config: Settings = { ...settings, permissions: { ...settings.permissions, rules } };
  const remember =
    options.remember ?? ((rule: PermissionRule) => rememberRule(rule, settings.workingDir, env));
  const runtime: RunRuntime = {
    store: manager,
    customization: customizationRuntime(custom),
    subagents: subagentsRuntime(custom),
    approvals: {
      ask: approvals.ask,
      remember: async (rule) => {
        rules.push(rule);
        await remember(rule);
      },
    },
    sandbox: options.sandbox?.sandbox,
  };
  const metadata = {
    ...(settings.name !== undefined ? { name: settings.name } : {}),
    ...(settings.tags.length > 0 ? { tags: settings.tags } : {}),
  };
  // Extension notices raised while opening (load failures, session_start) are shown with the header.
  const early: Item[] = [];
  custom.extensions.setNoticeSink((level, text) =>
    early.push(info(text, level === "warning" ? "warning" : "dim")),
  );
  // Fails before the UI starts (unknown session, no API key): run-main prints `Error: ...`.
  const initial: ChatSession = await buildAgentSession(
    { ...config, metadata: Object.keys(metadata).length > 0 ? metadata : undefined },
    runtime,
  );
  void custom.mcp.startAll(); // in the background: each server's tools are offered once it is up
  const initialItems: Item[] = [
    ...custom.startupNotices.map((n) => info(n.text, n.level === "warning" ? "warning" : "dim")),
    ...early,
  ];
  if (initial.id) {
    // A resumed conversation is shown at once, rendered: load Markdown first. A new session loads it
    // with the first message instead, so the prompt is up (and takes keys) ~100 ms sooner.
    await markdownReady();
    initialItems.push(info("Session loaded"), ...itemsForResume(initial.getData()));
  }

  const source: SessionSource = {
    // Subagents' sessions belong to their parents: not offered here (sessions list --all-agents has them).
    list: async () =>
      (await manager.listSessions({ workingDir: config.workingDir })).filter((s) => !parentLink(s.metadata)),
    open: (id) => buildAgentSession({ ...config, sessionId: id, continueLatest: false }, runtime),
  };
  let current = initial;
  // Extension notices go to the session in use: shown in its stream, or with its next one.
  custom.extensions.setNoticeSink((level, text) => current.addNotice?.(level, text));
  options.beforeRender?.();
  // SIGTERM, SIGHUP (terminal closed) or a SIGINT from outside (keys arrive as input in raw mode):
  // stop the running turn, leave the UI, save and exit with the signal's code.
  const stop = new AbortController();
  const signals = onStopSignals(() => stop.abort());
  const app = render(
    createElement(App, {
      version: packageVersion(),
      sandbox: options.sandbox?.status,
      initial,
      source,
      historyFile: historyPath(config.workingDir),
      startWithPicker: config.resume && !config.sessionId,
      stop: stop.signal,
      initialItems,
      onSessionChange: (session: ChatSession) => {
        current = session;
      },
      status: sessionStatus,
      approvals,
      serverModels: serverModelsFor(config),
      commandContext: {
        analyse: analyseSession,
        // Read again each time: a rule remembered or a `config set` since start is shown as it is now.
        showConfig: async (session: ChatSession) =>
          configCommand(
            {
              ...config,
              loaded: await loadSettings({
                cwd: config.workingDir,
                env,
                trust: config.loaded.trusted || undefined,
              }),
            },
            session,
          ),
        exportSession: (session, file, redact) => exportToFile(manager, session, file, redact),
        extra: customCommands(custom, {
          contextFilesEnabled: config.contextFiles !== false,
          untrustedServers: untrustedMcpServers(config.loaded),
          mcpWaitMs: mcpWaitMs(env),
          hooksReport: () => formatHooksList(collectHooks(config.loaded.layers)),
          agentsReport: () =>
            formatAgents(
              mergeAgents(builtinAgents(config.exploreModel), custom.agents.agents),
              [...builtinTools(), ...custom.tools()].map((t) => t.name),
              [...custom.agents.warnings, ...custom.agents.notices],
            ),
        }),
        history: historyActions(manager, config.workingDir),
      },
    }),
    {
      exitOnCtrlC: false,
      // Terminals that speak the kitty keyboard protocol then report Shift+Enter distinctly.
      kittyKeyboard: { mode: "auto", flags: ["disambiguateEscapeCodes"] },
    },
  );
  // Bracketed paste: the terminal marks pasted text, so only a real paste is taken literally
  // (keys arriving in one burst are still typed keys). Turned off again on the way out.
  writeTerminalControl(BRACKETED_PASTE_ON);
  const pasteOff = () => writeTerminalControl(BRACKETED_PASTE_OFF);
  process.once("exit", pasteOff);
  await app.waitUntilExit();
  pasteOff();
  process.off("exit", pasteOff);
  const stoppedShells = await current.stopBackgroundShells?.();
  await current.close("prompt_input_exit");
  await custom.close();
  await options.sandbox?.sandbox?.close();
  signals.dispose();
  const stoppedBy = signals.received();
  if (stoppedBy === "SIGHUP") return SIGNAL_EXIT_CODES.SIGHUP; // no terminal left to print to
  if (stoppedShells) writeErr(`${stoppedShells}\n`);
  if (current.id) writeOut(`Resume this session with: agenix --session ${current.id}\n`);
  return stoppedBy ? SIGNAL_EXIT_CODES[stoppedBy] : 0;
}

/** A custom OpenAI-compatible --base-url: the /model picker lists that server's own models first. */
function serverModelsFor(config: Settings): (() => Promise<ServerModels | undefined>) | undefined {
  const { baseUrl } = config;
  if (!baseUrl || config.provider === "anthropic") return undefined;
  return async () => {
    const { listServerModels } = await import("./model-command.js");
    return listServerModels(baseUrl, config.apiKey);
  };
}
