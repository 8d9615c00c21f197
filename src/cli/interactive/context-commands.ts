// `/compact [instructions]` and `/effort [low|medium|high|off]`: the commands about what the model
// sees and how hard it thinks. Registered in commands.ts; kept here so that file stays a router.
import { REASONING_EFFORTS } from "../../settings/choices.js";
import { compactionLine, compactionStartLine } from "../compaction-text.js";
import { sanitizeForTerminal } from "../sanitize.js";
import type { CommandContext, CommandResult, ParsedCommand } from "./commands.js";

export const CONTEXT_COMMANDS = [
  {
    name: "/compact",
    args: "[instructions]",
    help: "summarize older messages now (the file keeps them all)",
  },
  {
    name: "/effort",
    args: "[low|medium|high|off]",
    help: "reasoning effort / extended thinking for the next turns",
  },
];

/** Handles the commands above; undefined for any other command. */
export async function runContextCommand(
  command: ParsedCommand,
  ctx: CommandContext,
): Promise<CommandResult | undefined> {
  if (command.name === "/compact") return compact(command.rest, ctx);
  if (command.name === "/effort") return effort(command.args, ctx);
  return undefined;
}

async function compact(instructions: string, ctx: CommandContext): Promise<CommandResult> {
  const { session } = ctx;
  if (!session.compact) return { output: "Compaction is not available here.", tone: "error" };
  if (session.getMessages().length === 0) return { output: "Nothing to compact yet.", tone: "error" };
  let contextWindow = 0;
  const record = await session.compact({
    instructions: instructions || undefined,
    onEvent: (event) => {
      if (event.type === "compaction_start") {
        contextWindow = event.contextWindow;
        ctx.notify?.(
          compactionStartLine(event.trigger, event.reason, event.tokensBefore, event.contextWindow),
          "dim",
        );
      } else if (event.type === "compaction_end") contextWindow = event.contextWindow;
      else if (event.type === "notice") ctx.notify?.(sanitizeForTerminal(event.text), "info");
    },
  });
  return { output: compactionLine(record, contextWindow) };
}

function effort(args: string[], ctx: CommandContext): CommandResult {
  const { session } = ctx;
  if (!session.setReasoningEffort)
    return { output: "Reasoning effort is not available here.", tone: "error" };
  const wanted = args[0]?.toLowerCase();
  if (wanted === undefined)
    return { output: `Reasoning effort: ${session.reasoningEffort ?? "off (the model's default)"}` };
  if (args.length > 1 || (wanted !== "off" && !(REASONING_EFFORTS as readonly string[]).includes(wanted)))
    return { output: "Usage: /effort [low|medium|high|off]", tone: "error" };
  const value = wanted === "off" ? undefined : (wanted as (typeof REASONING_EFFORTS)[number]);
  session.setReasoningEffort(value);
  return { output: `Reasoning effort: ${value ?? "off (the model's default)"} (for the next turns)` };
}
