// `agenix config ...`: command definitions only; the implementation loads on demand.
import type { Command } from "commander";
import { guarded } from "../run-guarded.js";

type Options = Record<string, unknown>;

function withScopes(command: Command, what: string): Command {
  return command
    .option("--user", `${what} ~/.agenix/settings.json`)
    .option("--project", `${what} <project>/.agenix/settings.json (committed)`)
    .option("--local", `${what} <project>/.agenix/settings.local.json (git-ignored)`);
}

const impl = () => import("./commands.js");

export function registerConfigCommands(config: Command): void {
  withScopes(config.command("list").description("effective settings and where each came from"), "only")
    .option("--json", "print JSON")
    .action(guarded(async (_o: Options, cmd: Command) => (await impl()).listCommand(cmd.optsWithGlobals())));

  withScopes(
    config.command("get <key>").description("print one setting (dotted keys: permissions.allow)"),
    "only from",
  ).action(
    guarded(async (key: string, _o: Options, cmd: Command) =>
      (await impl()).getCommand(key, cmd.optsWithGlobals()),
    ),
  );

  withScopes(
    config
      .command("set <key> <value>")
      .description("set a setting (value parsed as JSON when it parses, else a string); default --user"),
    "write to",
  ).action(
    guarded(async (key: string, value: string, _o: Options, cmd: Command) =>
      (await impl()).setCommand(key, value, cmd.optsWithGlobals()),
    ),
  );

  withScopes(
    config.command("unset <key>").description("remove a setting; default --user"),
    "remove from",
  ).action(
    guarded(async (key: string, _o: Options, cmd: Command) =>
      (await impl()).unsetCommand(key, cmd.optsWithGlobals()),
    ),
  );

  config
    .command("trust")
    .description(
      "trust this project folder (its settings may widen permissions, run extensions and MCP servers)",
    )
    .option("--remove", "forget the folder (it is asked about again)")
    .action(guarded(async (_o: Options, cmd: Command) => (await impl()).trustCommand(cmd.optsWithGlobals())));
}
