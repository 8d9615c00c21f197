// Slash commands over ACP: `available_commands_update` lists /compact, /cost, /stats, /budget and the user's
// own commands (custom commands, skills, extension commands: run/slash-input.ts resolves them as print
// mode does), and a prompt starting with `/` runs one. Interactive-only commands (/model, /load, ...)
// are not offered: the editor has its own controls for sessions and modes.
import type { AvailableCommand } from "@agentclientprotocol/sdk";
import type { AgentSession } from "../agent/agent-session.js";
import type { Customization } from "../customize.js";
import { budgetCommand } from "../run/budget-command.js";
import { resolveSlashInput, type SlashInput } from "../run/slash-input.js";

const ARGUMENTS = { hint: "arguments (optional)" };

export function availableCommands(custom: Customization): AvailableCommand[] {
  const list: AvailableCommand[] = [
    {
      name: "compact",
      description: "Summarize the older messages now to free context",
      input: { hint: "what the summary should focus on (optional)" },
    },
    { name: "cost", description: "The estimated cost of this session so far, with cache reads and writes" },
    { name: "stats", description: "Messages, tool calls, tokens and the cache hit rate of this session" },
    {
      name: "budget",
      description: "The spend against the budget; with an amount in USD, set or raise it",
      input: { hint: "new limit in USD (optional)" },
    },
  ];
  const add = (name: string, description: string) => {
    if (!list.some((c) => c.name === name)) list.push({ name, description, input: ARGUMENTS });
  };
  // The order resolveSlashInput tries them in: a name taken earlier wins.
  for (const c of custom.commands.commands) add(c.name, c.description ?? `Custom command (${c.path})`);
  for (const s of custom.skills.skills) add(s.name, s.description);
  for (const [name, c] of custom.extensions.commands) {
    add(name, c.command.description ?? `Command of the extension ${c.extension}`);
  }
  return list;
}

/** What a prompt's text asks for: a built-in command's answer, a user command, or nothing special. */
export async function slashPrompt(
  text: string,
  session: AgentSession,
  custom: Customization | undefined,
  signal: AbortSignal,
): Promise<SlashInput | undefined> {
  const analysis = /^\/(cost|stats)$/.exec(text.trim());
  if (analysis) {
    // Loaded on first use, as the interactive /cost does: chatting does not need the price data.
    const a = await import("../analysis/stats.js");
    const data = session.getData();
    const answer =
      analysis[1] === "cost" ? a.formatCost(a.estimateCost(data)) : a.formatStats(a.sessionStats(data));
    return { type: "output", text: answer };
  }
  const budget = /^\/budget(?:\s+(\S+))?$/.exec(text.trim());
  if (budget) {
    const answer = budgetCommand(session, budget[1]);
    return answer.error ? { type: "output", error: answer.text } : { type: "output", text: answer.text };
  }
  const match = /^\/compact(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (match) {
    try {
      const record = await session.compact({ instructions: match[1]?.trim() || undefined, signal });
      return {
        type: "output",
        text: `Compacted: about ${record.tokens_before} tokens of context are now ${record.tokens_after}.`,
      };
    } catch (error) {
      return { type: "output", error: error instanceof Error ? error.message : String(error) };
    }
  }
  return custom ? resolveSlashInput(text, custom) : undefined;
}
