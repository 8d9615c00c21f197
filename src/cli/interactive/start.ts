// Interactive mode's entry, imported lazily by print mode's run-main (`agenix` with no message on a
// terminal, or `agenix --resume`): Ink and React load only here.
import { render } from "ink";
import { createElement } from "react";
import { type OpenSessionOptions, openAgentSession } from "../../agent/open-session.js";
import type { Settings } from "../../config.js";
import type { SessionManager } from "../../sessions/manager.js";
import { openSessionStore } from "../../sessions/open-store.js";
import { packageVersion } from "../version.js";
import { App } from "./app.js";
import { configCommand } from "./config-command.js";
import { historyPath } from "./history.js";
import { markdownReady } from "./markdown.js";
import { analyseSession, exportToFile, sessionStatus } from "./services.js";
import { type Item, info, itemsFromMessages } from "./transcript-state.js";
import type { ChatSession, SessionSource } from "./types.js";

const BRACKETED_PASTE_ON = "\u001b[?2004h";
const BRACKETED_PASTE_OFF = "\u001b[?2004l";

export interface InteractiveOptions {
  /** A SessionManager (or subclass); default: the sessions root from AGENIX_SESSION_DIR or ~/.agenix/sessions. */
  manager?: SessionManager;
  env?: NodeJS.ProcessEnv;
  /** Called just before the UI is rendered (the early prompt hands its typed keys over). */
  beforeRender?: () => void;
}

/** Runs the terminal UI until the user leaves; resolves to the exit code. */
export async function startInteractive(config: Settings, options: InteractiveOptions = {}): Promise<number> {
  const manager = options.manager ?? (await openSessionStore({ store: config.loaded?.values.sessionStore }));
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
  };
  const metadata = {
    ...(config.name !== undefined ? { name: config.name } : {}),
    ...(config.tags.length > 0 ? { tags: config.tags } : {}),
  };
  // Fails before the UI starts (unknown session, no API key): run-main prints `Error: ...`.
  const initial: ChatSession = await openAgentSession({
    ...base,
    sessionId: config.session,
    continueLatest: config.continue,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  });
  const initialItems: Item[] = [];
  if (initial.id) {
    // A resumed conversation is shown at once, rendered: load Markdown first. A new session loads it
    // with the first message instead, so the prompt is up (and takes keys) ~100 ms sooner.
    await markdownReady();
    initialItems.push(info("Session loaded"), ...itemsFromMessages(initial.getMessages()));
  }

  const source: SessionSource = {
    list: () => manager.listSessions({ workingDir: config.workingDir }),
    open: (id) => openAgentSession({ ...base, sessionId: id }),
  };
  let current = initial;
  options.beforeRender?.();
  const app = render(
    createElement(App, {
      version: packageVersion(),
      initial,
      source,
      historyFile: historyPath(config.workingDir),
      startWithPicker: config.resume && !config.session,
      initialItems,
      onSessionChange: (session: ChatSession) => {
        current = session;
      },
      status: sessionStatus,
      commandContext: {
        analyse: analyseSession,
        showConfig: (session: ChatSession) => configCommand(config, session),
        exportSession: (session, file, redact) => exportToFile(manager, session, file, redact),
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
  process.stdout.write(BRACKETED_PASTE_ON);
  const pasteOff = () => process.stdout.write(BRACKETED_PASTE_OFF);
  process.once("exit", pasteOff);
  await app.waitUntilExit();
  pasteOff();
  process.off("exit", pasteOff);
  await current.close();
  if (current.id) process.stdout.write(`Resume this session with: agenix --session ${current.id}\n`);
  return 0;
}
