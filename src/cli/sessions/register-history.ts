// `agenix sessions search`, `fork` and `report` (docs/history.md). Export and import, which existed
// before, gained --format and --from in register.ts. Actions import their code on demand.
import type { Command } from "commander";
import { guarded } from "../run-guarded.js";

type Options = Record<string, unknown>;
const globals = (command: Command): Options => command.optsWithGlobals();

export function registerHistoryCommands(sessions: Command): void {
  sessions
    .command("search [query...]")
    .description('full-text search over every session: words (all must match), "phrases" or --regex')
    .option("--here", "only sessions of the working directory")
    .option("--dir <path>", "only sessions of this working directory")
    .option("--regex <re>", "a regular expression (case-insensitive unless it has capitals)")
    .option("--role <role>", "only user, assistant or tool messages")
    .option("--since <when>", "only messages since an age (30d, 12h) or a date (2024-01-31)")
    .option("--until <when>", "only messages until an age or a date")
    .option("--model <id>", "only sessions that used this model")
    .option("--tag <tag>", "only sessions with this tag")
    .option("--limit <n>", "at most this many hits", "20")
    .option("--json", "print JSON: [{id, working_dir, message_index, role, snippet, score}]")
    .option("--reindex", "rebuild the search index from the session files first")
    .action(
      guarded(async (words: string[], _o: Options, cmd: Command) =>
        (await import("./search-command.js")).searchCommand(words, globals(cmd)),
      ),
    );

  sessions
    .command("fork <id>")
    .description("copy a session's first N messages into a new session (the source is untouched)")
    .option("--at <n>", "number of messages to keep (default: all)")
    .option("--name <name>", "name of the new session")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./fork-command.js")).forkCommand(id, { ...globals(cmd), ..._o }),
      ),
    );

  sessions
    .command("report")
    .description("tokens, cost, sessions and tool calls over time, by model or by project")
    .option("--since <when>", "only sessions updated since an age or a date (default 30d)")
    .option("--all", "every session, whatever its age")
    .option("--by <group>", "day, model or project", "day")
    .option("--json", "print JSON")
    .option("--html <file>", "also write a self-contained HTML page with charts")
    .option(
      "--no-children",
      "count subagents' sessions as sessions of their own (default: part of their parent's)",
    )
    .action(
      guarded(async (_o: Options, cmd: Command) =>
        (await import("./report-command.js")).reportCommand({ ...globals(cmd), ..._o }),
      ),
    );
}
