#!/usr/bin/env node
// The `agenix` entry. Only commander is loaded up front; each action imports what it needs, so
// `agenix --version` and `agenix sessions ...` never load providers or the terminal UI.
import { Command, Option } from "commander";
import { holdProviderKeys } from "../provider-keys.js";
import { useBatchGc } from "./batch-gc.js";
import { registerCheckpointCommands } from "./checkpoints/register.js";
import { registerConfigCommands } from "./config/register.js";
import { registerHooksCommands } from "./hooks/register.js";
import { registerMcpCommands } from "./mcp/register.js";
import { writeJson } from "./output.js";
import { quietClosedPipes } from "./quiet-epipe.js";
import { guarded } from "./run-guarded.js";
import { registerSandboxCommands } from "./sandbox/register.js";
import { registerSessionCommands } from "./sessions/register.js";
import { packageVersion } from "./version.js";

// First: the provider keys leave process.env (and the memory /proc/<pid>/environ shows), so no
// tool, hook or MCP server started from here can read them.
holdProviderKeys();
quietClosedPipes();

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const program = new Command("agenix");
program
  .description(
    "A lightweight AI coding agent. Give it a message, or run it without one for interactive mode.",
  )
  .version(packageVersion(), "-v, --version", "print the version")
  .helpOption("-h, --help", "show help")
  .argument("[message...]", "the message to send (piped stdin is appended to it)")
  .option(
    "--model <id>",
    "model to use (default: settings `model`, AGENIX_MODEL, else by the key that is set: gpt-4o or claude-sonnet-4-6)",
  )
  .addOption(
    new Option("--provider <name>", "provider (default: inferred from the model)").choices([
      "openai",
      "anthropic",
    ]),
  )
  .option("--api-key <key>", "API key (default: OPENAI_API_KEY / ANTHROPIC_API_KEY / AGENIX_API_KEY)")
  .option("--base-url <url>", "API base URL, e.g. a local OpenAI-compatible server")
  .option("--working-dir <path>", "working directory for tools and sessions (default: current directory)")
  .option("--system-prompt <text>", "replace the default system prompt")
  .option("--append-system-prompt <text>", "append text to the system prompt")
  .option(
    "--trust",
    "trust this project folder (its settings may widen permissions, run extensions and MCP servers); remembered",
  )
  .option("--no-context-files", "do not read AGENTS.md / CLAUDE.md files into the system prompt")
  .option(
    "--extension <path>",
    "load an extension module (.ts or .js; repeatable)",
    (value: string, previous: string[] = []) => [...previous, value],
  )
  .option("--session <id>", "continue a saved session")
  .option("-c, --continue", "continue the latest session of this working directory")
  .option("-r, --resume", "pick a session to resume (interactive)")
  .option("--max-turns <n>", "stop after this many model calls (default 100)")
  .option(
    "--max-budget-usd <n>",
    "stop (exit 4) before a model request would take the run's estimated spend over n US dollars",
  )
  .option(
    "--fallback-model <id>",
    "model to retry on when the model still fails with overload, rate limit or 5xx (repeatable, up to 3)",
    collect,
  )
  .option("--name <name>", "name the session")
  .option("--tag <tag>", "tag the session (repeatable)", collect)
  .option("-p, --print", "print mode: send the message, print the answer, exit (never interactive)")
  .option(
    "--output-format <format>",
    "text (default), json (one result object: session_id, response, usage, stop_reason, denied, cost_usd, duration_ms, num_turns, model) or stream-json (one JSON event per line)",
  )
  .option("--json", "alias of --output-format json")
  .option(
    "--input-format <format>",
    'text (default) or stream-json: user messages as JSON lines on stdin ({"type":"user","message":{"role":"user","content":"..."}}), answered in turn in one session',
  )
  .option(
    "--reasoning-effort <level>",
    "none, minimal, low, medium, high or xhigh: reasoning effort (OpenAI) or extended thinking (Anthropic); none sends none; env AGENIX_REASONING_EFFORT",
  )
  .option(
    "--permission-mode <mode>",
    "default | auto | accept-edits | plan | yolo (default: settings permissions.defaultMode, env AGENIX_PERMISSION_MODE, else auto when the sandbox works, else default)",
  )
  .option("--yolo", "nothing asks (same as --permission-mode yolo); deny rules still apply")
  .option("--allow <rule>", "allow a tool call without asking, e.g. 'bash(npm test *)' (repeatable)", collect)
  .option(
    "--deny <rule>",
    "refuse matching tool calls, in every mode, e.g. 'bash(rm *)' (repeatable)",
    collect,
  )
  .option("--ask <rule>", "always ask before matching tool calls (repeatable)", collect)
  .option("--strict-permissions", "print mode: exit with code 3 when a tool call was denied")
  .option(
    "--sandbox <mode>",
    "workspace-write | read-only | off: where bash commands run (default: settings sandbox.mode, env AGENIX_SANDBOX, else workspace-write when bubblewrap works)",
  )
  .showHelpAfterError("(run agenix --help for usage)")
  .action(
    guarded(async (words: string[], options: Record<string, unknown>) => {
      const { runMain } = await import("./print/run-main.js");
      return runMain(words, options, program);
    }),
  );

// Usage errors exit 2 (commander's own code is 1); with JSON output they are JSON too. Set before
// the subcommands are added, so they inherit it.
program.exitOverride();
registerConfigCommands(
  program
    .command("config")
    .description("show and edit the settings files (see docs/settings.md)")
    .hook("preAction", useBatchGc),
);

registerSessionCommands(
  program
    .command("sessions")
    .description("list, show, analyse, export and manage sessions")
    .hook("preAction", useBatchGc),
);

registerSandboxCommands(
  program
    .command("sandbox")
    .description("the command sandbox: `agenix sandbox doctor`, `agenix sandbox -- <command>`")
    .option("--sandbox <mode>", "workspace-write or read-only (default: as a session would)")
    .hook("preAction", useBatchGc),
);

registerCheckpointCommands(
  program
    .command("checkpoints")
    .description(
      "list, diff and restore the snapshots taken before turns and after tools (docs/checkpoints.md)",
    ),
);

registerMcpCommands(
  program.command("mcp").description("MCP servers: status and tools").hook("preAction", useBatchGc),
);

registerHooksCommands(
  program
    .command("hooks")
    .description("Claude Code-format hooks: list them, import Claude Code's (see docs/hooks.md)")
    .hook("preAction", useBatchGc),
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { code, exitCode, message } = error as { code?: string; exitCode?: number; message?: string };
  if (code === "commander.helpDisplayed" || code === "commander.version" || exitCode === 0) {
    process.exitCode = 0;
  } else {
    if (wantsJson(process.argv)) {
      const text = (message ?? String(error)).replace(/^error: /, "");
      const body = { error: text, session_id: null };
      writeJson(process.argv.includes("stream-json") ? { type: "result", ...body } : body, 0);
    }
    process.exitCode = code?.startsWith("commander.") ? 2 : 1;
  }
}

/** --json or --output-format json|stream-json anywhere on the command line. */
function wantsJson(argv: string[]): boolean {
  return argv.some(
    (arg, i) =>
      arg === "--json" ||
      /^--output-format=(stream-)?json$/.test(arg) ||
      (arg === "--output-format" && /^(stream-)?json$/.test(argv[i + 1] ?? "")),
  );
}
