// `agenix [options] [message...]`: print mode (run one message and exit), or interactive mode
// when there is no message and both stdin and stdout are terminals. With `--input-format
// stream-json`, many messages (JSON lines on stdin) run in turn in the same session.
import type { Command } from "commander";
import { defaultModelFor } from "../../connection.js";
import type { Customization } from "../../customize.js";
import { UsageError } from "../../errors.js";
import { buildAgentSession } from "../../run/build-session.js";
import {
  customizationRuntime,
  mcpStartupWarnings,
  mcpWaitMs,
  subagentsRuntime,
} from "../../run/customization.js";
import { runSandbox } from "../../run/sandbox-setup.js";
import type { SandboxSetup } from "../../sandbox/startup.js";
import { openSessionStore } from "../../sessions/open-store.js";
import { askYesNo } from "../ask-yes-no.js";
import {
  type CliFlags,
  loadCliSettings,
  type Settings,
  settleTrustInteractively,
  writeSettingsWarnings,
  writeUntrustedNotice,
} from "../cli-settings.js";
import { EXIT } from "../exit-codes.js";
import { writeErr, writeErrWrapped, writeJson } from "../output.js";
import { reportError } from "../run-guarded.js";
import { onStopSignals, SIGNAL_EXIT_CODES } from "../stop-signals.js";
import { readInputMessages } from "./input-stream.js";
import { errorExitCode, jsonError } from "./json-output.js";
import { runOneMessage } from "./one-message.js";
import { printCustomization } from "./print-customization.js";
import { composeMessage, readPipedStdin } from "./read-stdin.js";
import { PrintRenderer } from "./renderer.js";

export async function runMain(
  words: string[],
  options: Record<string, unknown>,
  program: Command,
): Promise<number> {
  const streamJson = options.outputFormat === "stream-json";
  const jsonOut = streamJson || options.outputFormat === "json" || options.json === true;
  let code: number;
  try {
    const outcome = await dispatch(words, options, program);
    // Interactive mode owns its ending: no process.exit under it.
    if (outcome.interactive) return outcome.code;
    code = outcome.code;
  } catch (error) {
    if (!jsonOut) throw error;
    // Setup errors (bad flag value, no key, unknown session) are JSON too; stderr keeps the prose.
    writeJson(jsonError(error, streamJson), 0);
    code = reportError(error);
    if (code === 0) code = errorExitCode(error);
  }
  // Everything is saved and the lock released: do not wait for idle keep-alive sockets to time out.
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

async function dispatch(
  words: string[],
  options: Record<string, unknown>,
  program: Command,
): Promise<{ code: number; interactive?: boolean }> {
  const flags = options as CliFlags;
  // An invalid value, rule or mode (flag, variable or settings file) fails here, before anything runs.
  const settings = await loadCliSettings(flags, process.env, process.cwd());
  // A bad sandbox setting, or a sandbox asked for that cannot start, fails here too (exit 2).
  const sandbox = await runSandbox(settings, process.env, settings.sandboxFlag);
  writeSettingsWarnings(settings, process.stderr);
  for (const warning of settings.permissions.warnings) writeErrWrapped(`${warning}\n`);
  if (sandbox.notice) writeErrWrapped(`${sandbox.notice}\n`);
  if (settings.inputFormat === "stream-json") {
    if (words.length > 0) {
      throw new UsageError(
        "--input-format stream-json reads the messages from stdin: give no message arguments.",
      );
    }
    if (process.stdin.isTTY) {
      throw new UsageError(
        '--input-format stream-json reads JSON lines from stdin, which is a terminal: pipe them in, e.g. echo \'{"type":"user","message":{"role":"user","content":"hi"}}\' | agenix --input-format stream-json',
      );
    }
    writeUntrustedNotice(settings, process.stderr);
    return { code: await runPrint(settings, readInputMessages(), sandbox, options) };
  }
  const message = composeMessage(words, await readPipedStdin());
  // Only what was typed on the command line may attach files (@path), never piped stdin.
  const typed = words.join(" ").trim();
  if (message === "") {
    if (!settings.print && process.stdin.isTTY && process.stdout.isTTY) {
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
      if (!trusted) return { code: SIGNAL_EXIT_CODES.SIGINT, interactive: true };
      // Trusting the project may add its allow rules and mode, and widen the sandbox (the settings
      // were resolved again).
      const box =
        trusted === settings ? sandbox : await runSandbox(trusted, process.env, trusted.sandboxFlag);
      return { code: await startInteractive(trusted, box, options), interactive: true };
    }
    if (settings.resume) {
      throw new UsageError(
        "--resume opens a picker and needs a terminal. Without one, find the id with `agenix sessions list` and pass --session <id>.",
      );
    }
    if (settings.print || settings.outputFormat !== "text") {
      throw new UsageError('No message to send: agenix -p "<message>" (or pipe the message in on stdin).');
    }
    program.outputHelp();
    return { code: 0 };
  }
  writeUntrustedNotice(settings, process.stderr);
  return { code: await runPrint(settings, once({ text: message, typed }), sandbox, options) };
}

/** A message and the part of it the user typed; a bare string was typed whole (stream-json input). */
type PrintMessage = string | { text: string; typed: string };

async function* once(message: PrintMessage): AsyncGenerator<PrintMessage> {
  yield message;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/**
 * Interactive mode lives in its own module: Ink and React are loaded only here. A new session shows
 * its header and takes keys at once (early-prompt.ts) while that module loads.
 */
async function startInteractive(
  settings: Settings,
  sandbox: SandboxSetup,
  flags: Record<string, unknown>,
): Promise<number> {
  const fresh = !settings.sessionId && !settings.continueLatest && !settings.resume;
  // The model the header will name (undefined: a local server is probed first; no early prompt).
  const model = settings.model ?? defaultModelFor(settings, process.env);
  let early: import("../interactive/early-prompt.js").EarlyPrompt | undefined;
  if (fresh && model !== undefined) {
    const [{ startEarlyPrompt }, { packageVersion }] = await Promise.all([
      import("../interactive/early-prompt.js"),
      import("../version.js"),
    ]);
    early = startEarlyPrompt({
      version: packageVersion(),
      model,
      workingDir: settings.workingDir,
    });
  }
  try {
    const { startInteractive: start } = await import("../interactive/start.js");
    return await start(settings, {
      flags: { extension: flags.extension as string[] | undefined },
      sandbox,
      beforeRender: () => early?.handOff(),
    });
  } finally {
    early?.abandon();
  }
}

async function runPrint(
  settings: Settings,
  messages: AsyncIterable<PrintMessage>,
  sandbox: SandboxSetup,
  flags: Record<string, unknown>,
): Promise<number> {
  const custom = await printCustomization(settings, flags, sandbox);
  try {
    return await runPrintSession(settings, messages, custom, sandbox);
  } finally {
    await custom.close();
    await sandbox.sandbox?.close();
  }
}

async function runPrintSession(
  settings: Settings,
  messages: AsyncIterable<PrintMessage>,
  custom: Customization,
  sandbox: SandboxSetup,
): Promise<number> {
  // Print mode never waits for an answer: what would ask is refused (no `ask`).
  const session = await buildAgentSession(settings, {
    store: await openSessionStore({ store: settings.sessionStore }),
    customization: customizationRuntime(custom),
    subagents: subagentsRuntime(custom),
    sandbox: sandbox.sandbox,
  });
  const streamJson = settings.outputFormat === "stream-json";
  const renderer = new PrintRenderer({
    stdout: process.stdout,
    stderr: process.stderr,
    live: process.stdout.isTTY === true,
    json: settings.outputFormat !== "text",
  });
  custom.extensions.setNoticeSink((_level, text) => renderer.writeErr(text));
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

  let code: number = EXIT.ok;
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
    if (streamJson) {
      writeJson(
        {
          type: "init",
          session_id: session.id ?? null,
          model: session.model,
          working_dir: session.workingDir,
          permission_mode: settings.permissions.mode,
          sandbox: sandbox.status,
        },
        0,
      );
    }
    for await (const message of messages) {
      const { text, typed } = typeof message === "string" ? { text: message, typed: message } : message;
      const runInfo = { sandbox: sandbox.status, permission_mode: settings.permissions.mode };
      const turnCode = await runOneMessage(
        settings,
        session,
        text,
        renderer,
        controller.signal,
        custom,
        runInfo,
        typed,
      );
      if (code === EXIT.ok) code = turnCode;
      if (controller.signal.aborted) break;
    }
  } finally {
    // Background shells end with the session; the user hears which were still running.
    const stopped = await session.stopBackgroundShells();
    if (stopped) renderer.writeErr(stopped);
    await session.close();
    signals.dispose();
  }
  const stoppedBy = signals.received();
  if (stoppedBy) code = SIGNAL_EXIT_CODES[stoppedBy];
  const id = session.id;
  if (id !== undefined) writeErr(`Session: ${id}  (resume: agenix --session ${id})\n`);
  return code;
}
