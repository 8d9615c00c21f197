// `agenix [options] [message...]`: print mode (run one message and exit), or interactive mode
// when there is no message and both stdin and stdout are terminals.
import type { Command } from "commander";
import { openAgentSession } from "../../agent/open-session.js";
import type { CliFlags, Settings } from "../../config.js";
import type { Customization } from "../../customize.js";
import { type ProviderError, UsageError } from "../../errors.js";
import { openSessionStore } from "../../sessions/open-store.js";
import { loadSettings } from "../../settings/load.js";
import { homeDir } from "../../settings/paths.js";
import { builtinTools } from "../../tools/registry.js";
import { askYesNo } from "../ask-yes-no.js";
import {
  loadCliSettings,
  settleTrustInteractively,
  writeSettingsWarnings,
  writeUntrustedNotice,
} from "../cli-settings.js";
import {
  ignoredProjectExtensions,
  loadCliCustomization,
  mcpStartupWarnings,
  mcpWaitMs,
} from "../customization.js";
import { deniedJson } from "../denial-line.js";
import { writeErr, writeJson, writeOut } from "../output.js";
import { type CliPermissions, cliPermissions } from "../permissions-setup.js";
import { reportError } from "../run-guarded.js";
import { resolveSlashInput } from "../slash-input.js";
import { onStopSignals, SIGNAL_EXIT_CODES } from "../stop-signals.js";
import { composeMessage, readPipedStdin } from "./read-stdin.js";
import { PrintRenderer } from "./renderer.js";

/** --strict-permissions: a tool call was denied. */
const EXIT_DENIED = 3;

export async function runMain(
  words: string[],
  options: Record<string, unknown>,
  program: Command,
): Promise<number> {
  const flags = options as CliFlags;
  const settings = await loadCliSettings(flags, process.env, process.cwd());
  // An untrusted project's .agenix/extensions/ is gated like its settings: asked about, or named in the one line.
  settings.loaded?.ignored.push(...ignoredProjectExtensions(settings.loaded));
  // An invalid rule or mode (flag or settings file) fails here, before anything runs.
  let permissions = cliPermissions(settings, process.env);
  writeSettingsWarnings(settings, process.stderr);
  for (const warning of permissions.config.warnings) writeErr(`${warning}\n`);
  const message = composeMessage(words, await readPipedStdin());
  if (message === "") {
    if (process.stdin.isTTY && process.stdout.isTTY) {
      const ask = (question: string) => askYesNo(question, process.stdin, process.stderr);
      const trusted = await settleTrustInteractively(
        flags,
        process.env,
        process.cwd(),
        settings,
        ask,
        process.stderr,
      );
      // Ctrl-C at the trust question: leave without remembering an answer.
      if (!trusted) return SIGNAL_EXIT_CODES.SIGINT;
      // Trusting the project may add its allow rules and mode.
      if (trusted !== settings) permissions = cliPermissions(trusted, process.env);
      return startInteractive(trusted, permissions, options);
    }
    if (settings.resume) {
      throw new UsageError(
        "--resume opens a picker and needs a terminal. Without one, find the id with `agenix sessions list` and pass --session <id>.",
      );
    }
    program.outputHelp();
    return 0;
  }
  writeUntrustedNotice(settings, process.stderr);
  const code = await runPrint(settings, message, permissions, options);
  // Everything is saved and the lock released: do not wait for idle keep-alive sockets to time out.
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/** Interactive mode lives in its own module: Ink and React are loaded only here. */
async function startInteractive(
  settings: Settings,
  permissions: CliPermissions,
  flags: Record<string, unknown>,
): Promise<number> {
  const { startInteractive: start } = await import("../interactive/start.js");
  return start(settings, {
    permissions,
    flags: {
      contextFiles: flags.contextFiles as boolean | undefined,
      extension: flags.extension as string[] | undefined,
    },
  });
}

async function runPrint(
  settings: Settings,
  message: string,
  permissions: CliPermissions,
  flags: Record<string, unknown>,
): Promise<number> {
  const custom = await printCustomization(settings, flags);
  const renderer = new PrintRenderer({
    stdout: process.stdout,
    stderr: process.stderr,
    live: process.stdout.isTTY === true,
    json: settings.json,
  });
  custom.extensions.setNoticeSink((_level, text) => renderer.writeErr(text));
  try {
    const slash = await resolveSlashInput(message, custom);
    if (slash?.type === "output") {
      if (slash.error) {
        renderer.writeErr(`Error: ${slash.error}`);
        return 1;
      }
      if (slash.text) writeOut(`${slash.text}\n`);
      return 0;
    }
    return await runPrintSession(
      settings,
      slash?.text ?? message,
      permissions,
      custom,
      renderer,
      slash?.model,
    );
  } finally {
    await custom.close();
  }
}

async function runPrintSession(
  settings: Settings,
  message: string,
  permissions: CliPermissions,
  custom: Customization,
  renderer: PrintRenderer,
  runModel: string | undefined,
): Promise<number> {
  const session = await openAgentSession({
    model: settings.modelFromFlag ? settings.model : undefined,
    defaultModel: settings.model,
    provider: settings.provider,
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    env: process.env,
    workingDir: settings.workingDir,
    systemPrompt: settings.systemPrompt,
    appendSystemPrompt: settings.appendSystemPrompt,
    settings: settings.loaded,
    maxTurns: settings.maxTurns,
    sessionId: settings.session,
    continueLatest: settings.continue,
    manager: await openSessionStore({ store: settings.loaded?.values.sessionStore }),
    save: true,
    createNow: false,
    promptAddition: custom.promptAddition,
    hooks: custom.hooks,
    extraTools: custom.tools,
    compactionHooks: custom.extensions.compactionHooks(),
    reasoningEffort: settings.reasoningEffort,
    // Print mode never waits for an answer: what would ask is refused (no `ask`).
    permissions: { mode: permissions.config.mode, rules: permissions.config.rules },
    envPassThrough: permissions.passThrough,
  });
  await custom.mcp.waitReady(mcpWaitMs(process.env)); // servers still starting after 3 s are not waited for
  for (const warning of mcpStartupWarnings(custom)) renderer.writeErr(warning);

  const controller = new AbortController();
  // SIGINT, SIGTERM, SIGHUP: stop the turn (the running tool's process group is killed), save, exit.
  const signals = onStopSignals((signal) => {
    const what = signal === "SIGINT" ? "Interrupted" : `Received ${signal}`;
    try {
      renderer.writeErr(`${what}: stopping and saving the session (Ctrl-C again to quit at once).`);
    } catch {
      // The terminal is gone (SIGHUP): stop quietly.
    }
    controller.abort();
  });

  let stopReason = "end";
  let finalText = "";
  let failure: ProviderError | undefined;
  try {
    if (settings.name !== undefined || settings.tags.length > 0) {
      const current = session.getData().metadata;
      await session.setMetadata({
        name: settings.name ?? current.name ?? undefined,
        tags:
          settings.tags.length > 0
            ? [...new Set([...(current.tags ?? []), ...settings.tags])]
            : (current.tags ?? undefined),
      });
    }
    for await (const event of session.stream(message, { signal: controller.signal, model: runModel })) {
      renderer.handle(event);
      if (event.type === "error") failure = event.error;
      if (event.type === "agent_end") {
        stopReason = event.stopReason;
        finalText = event.finalText;
      }
    }
  } finally {
    await session.close();
    signals.dispose();
  }

  const id = session.id;
  if (settings.json) {
    const result: Record<string, unknown> = {
      session_id: id ?? null,
      response: finalText,
      usage: renderer.usage,
      stop_reason: stopReason,
    };
    if (failure) result.error = failure.message;
    result.denied = renderer.denied.map(deniedJson);
    writeJson(result, 0);
  }
  if (stopReason === "max_turns") {
    renderer.writeErr(
      `Warning: stopped after ${settings.maxTurns} turns (the --max-turns limit) with the task possibly unfinished. ` +
        `Continue with: agenix --session ${id ?? "<id>"} "continue", or raise --max-turns.`,
    );
  }
  const stoppedBy = signals.received();
  const code = stoppedBy
    ? SIGNAL_EXIT_CODES[stoppedBy]
    : failure
      ? reportError(failure)
      : stopReason === "aborted"
        ? SIGNAL_EXIT_CODES.SIGINT
        : settings.strictPermissions && renderer.denied.length > 0
          ? EXIT_DENIED
          : 0;
  if (id !== undefined) writeErr(`Session: ${id}  (resume: agenix --session ${id})\n`);
  return code;
}

/** Context files, skills, commands, extensions and MCP servers for one print-mode run. */
async function printCustomization(
  settings: Settings,
  flags: Record<string, unknown>,
): Promise<Customization> {
  const loaded =
    settings.loaded ??
    (await loadSettings({ cwd: settings.workingDir, env: process.env, trust: flags.trust === true }));
  const custom = await loadCliCustomization({
    loaded,
    workingDir: settings.workingDir,
    home: homeDir({ home: process.env.HOME }),
    flags: {
      contextFiles: flags.contextFiles as boolean | undefined,
      extension: flags.extension as string[] | undefined,
    },
    reservedToolNames: builtinTools().map((t) => t.name),
  });
  for (const notice of custom.startupNotices) writeErr(`${notice.text}\n`);
  return custom;
}
