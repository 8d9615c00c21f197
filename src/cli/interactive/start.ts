// Interactive mode's entry, imported lazily by print mode's run-main (`agenix` with no message on a
// terminal, or `agenix --resume`): Ink and React load only here.
import { render } from "ink";
import { createElement } from "react";
import { type OpenSessionOptions, openAgentSession } from "../../agent/open-session.js";
import type { Settings } from "../../config.js";
import type { SessionManager } from "../../sessions/manager.js";
import { openSessionStore } from "../../sessions/open-store.js";
import { loadSettings } from "../../settings/load.js";
import { homeDir } from "../../settings/paths.js";
import { builtinTools } from "../../tools/registry.js";
import {
  type CustomizationFlags,
  loadCliCustomization,
  mcpWaitMs,
  untrustedMcpServers,
} from "../customization.js";
import { writeOut, writeTerminalControl } from "../output.js";
import type { CliPermissions } from "../permissions-setup.js";
import { onStopSignals, SIGNAL_EXIT_CODES } from "../stop-signals.js";
import { packageVersion } from "../version.js";
import { App } from "./app.js";
import { ApprovalQueue } from "./approvals.js";
import { configCommand } from "./config-command.js";
import { customCommands } from "./custom-commands.js";
import { historyPath } from "./history.js";
import { markdownReady } from "./markdown.js";
import { analyseSession, exportToFile, historyActions, sessionStatus } from "./services.js";
import { type Item, info, itemsForResume } from "./transcript-state.js";
import type { ChatSession, SessionSource } from "./types.js";
import { setUserCommandRules } from "./user-command.js";

const BRACKETED_PASTE_ON = "\u001b[?2004h";
const BRACKETED_PASTE_OFF = "\u001b[?2004l";

export interface InteractiveOptions {
  /** --no-context-files and --extension. */
  flags?: CustomizationFlags;
  /** A SessionManager (or subclass); default: the sessions root from AGENIX_SESSION_DIR or ~/.agenix/sessions. */
  manager?: SessionManager;
  env?: NodeJS.ProcessEnv;
  /** Called just before the UI is rendered (the early prompt hands its typed keys over). */
  beforeRender?: () => void;
  /** Mode, rules and where remembered rules go (from flags and settings); default: default mode, no rules. */
  permissions?: CliPermissions;
}

/** Runs the terminal UI until the user leaves; resolves to the exit code. */
export async function startInteractive(config: Settings, options: InteractiveOptions = {}): Promise<number> {
  const manager = options.manager ?? (await openSessionStore({ store: config.loaded?.values.sessionStore }));
  const env = options.env ?? process.env;
  // The CLI has loaded (and, if asked, trusted) the settings already; the SDK-style caller may not have.
  const loaded = config.loaded ?? (await loadSettings({ cwd: config.workingDir, env }));
  const custom = await loadCliCustomization({
    loaded,
    workingDir: config.workingDir,
    home: homeDir({ home: env.HOME }),
    flags: options.flags ?? {},
    model: config.model,
    reservedToolNames: builtinTools().map((t) => t.name),
  });
  const approvals = new ApprovalQueue();
  const rules = options.permissions?.config.rules.slice() ?? [];
  const base: OpenSessionOptions = {
    model: config.modelFromFlag ? config.model : undefined,
    defaultModel: config.model,
    provider: config.provider,
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    env: options.env ?? process.env,
    workingDir: config.workingDir,
    systemPrompt: config.systemPrompt,
    appendSystemPrompt: config.appendSystemPrompt,
    settings: config.loaded,
    maxTurns: config.maxTurns,
    manager,
    save: true,
    createNow: false,
    promptAddition: custom.promptAddition,
    hooks: custom.hooks,
    extraTools: custom.tools,
    compactionHooks: custom.extensions.compactionHooks(),
    reasoningEffort: config.reasoningEffort,
    promptCaching: config.promptCaching,
    maxBudgetUsd: config.maxBudgetUsd,
    fallbackModels: config.fallbackModels,
    permissions: {
      mode: options.permissions?.config.mode ?? "default",
      // Shared by every session opened here: a rule remembered in one applies after /load too.
      rules,
      ask: approvals.ask,
      remember: async (rule) => {
        rules.push(rule);
        await options.permissions?.remember(rule);
      },
    },
    envPassThrough: options.permissions?.passThrough,
  };
  const metadata = {
    ...(config.name !== undefined ? { name: config.name } : {}),
    ...(config.tags.length > 0 ? { tags: config.tags } : {}),
  };
  // Extension notices raised while opening (load failures, session_start) are shown with the header.
  const early: Item[] = [];
  custom.extensions.setNoticeSink((level, text) =>
    early.push(info(text, level === "warning" ? "warning" : "dim")),
  );
  // Fails before the UI starts (unknown session, no API key): run-main prints `Error: ...`.
  const initial: ChatSession = await openAgentSession({
    ...base,
    sessionId: config.session,
    continueLatest: config.continue,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
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
    list: () => manager.listSessions({ workingDir: config.workingDir }),
    open: (id) => openAgentSession({ ...base, sessionId: id }),
  };
  let current = initial;
  // Extension notices go to the session in use: shown in its stream, or with its next one.
  custom.extensions.setNoticeSink((level, text) => current.addNotice?.(level, text));
  // `!command` is the user's own action, checked against the current session's rules (after /load too).
  setUserCommandRules((tool, input) =>
    current.permissions?.decide
      ? current.permissions.decide(tool, input)
      : Promise.resolve({ behavior: "allow" as const, reason: "no permission checks" }),
  );
  options.beforeRender?.();
  // SIGTERM, SIGHUP (terminal closed) or a SIGINT from outside (keys arrive as input in raw mode):
  // stop the running turn, leave the UI, save and exit with the signal's code.
  const stop = new AbortController();
  const signals = onStopSignals(() => stop.abort());
  const app = render(
    createElement(App, {
      version: packageVersion(),
      initial,
      source,
      historyFile: historyPath(config.workingDir),
      startWithPicker: config.resume && !config.session,
      stop: stop.signal,
      initialItems,
      onSessionChange: (session: ChatSession) => {
        current = session;
      },
      status: sessionStatus,
      approvals,
      commandContext: {
        analyse: analyseSession,
        showConfig: (session: ChatSession) => configCommand(config, session),
        exportSession: (session, file, redact) => exportToFile(manager, session, file, redact),
        extra: customCommands(custom, {
          contextFilesEnabled: options.flags?.contextFiles !== false && loaded.values.contextFiles !== false,
          untrustedServers: untrustedMcpServers(loaded),
          mcpWaitMs: mcpWaitMs(env),
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
  await current.close();
  await custom.close();
  setUserCommandRules(undefined);
  signals.dispose();
  const stoppedBy = signals.received();
  if (stoppedBy === "SIGHUP") return SIGNAL_EXIT_CODES.SIGHUP; // no terminal left to print to
  if (current.id) writeOut(`Resume this session with: agenix --session ${current.id}\n`);
  return stoppedBy ? SIGNAL_EXIT_CODES[stoppedBy] : 0;
}
