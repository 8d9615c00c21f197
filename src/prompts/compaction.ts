// The prompts of compaction: how the model is asked to summarize the earlier part of a conversation,
// and how that summary is presented to it afterwards. Kept apart so they can be read and tuned alone.

export const SUMMARY_SYSTEM_PROMPT =
  "You write handover notes for an AI coding agent. The agent's context window is full: the earlier " +
  "part of its conversation with the user will be replaced by your notes, and the agent will continue " +
  "the work from them with no other memory of it. Be complete about facts that matter and brief about " +
  "everything else. Never invent anything that is not in the conversation.";

/** The sections every summary has, in order (the model is told to keep the headings). */
export const SUMMARY_SECTIONS = [
  "Goal",
  "Constraints and preferences",
  "Progress",
  "Key decisions",
  "Files read and modified",
  "Next steps",
] as const;

export interface SummaryPromptInput {
  /** The conversation to summarize, as text (tool outputs already cut). */
  transcript: string;
  /** The summary of what came before `transcript`, from an earlier compaction. */
  previousSummary?: string;
  /** What the user asked for with `/compact <instructions>`. */
  instructions?: string;
}

export function summaryRequest(input: SummaryPromptInput): string {
  const parts = [
    "Summarize the conversation below so the agent can continue it. Use exactly these Markdown headings:",
    "",
    "## Goal\nWhat the user wants overall, in their terms.",
    "## Constraints and preferences\nRequirements, rules and preferences the user stated (keep their exact wording for anything precise).",
    "## Progress\nWhat has been done and what works; what was tried and failed, and why.",
    "## Key decisions\nChoices made and their reasons.",
    "## Files read and modified\nEvery file path that was read, created or changed, each with one line on what it holds or what changed.",
    "## Next steps\nWhat remains, in order; the very next action first. Include the user's latest request if it is not done.",
    "",
    "Quote exact identifiers, commands, error messages and numbers. Omit pleasantries and tool output that no longer matters.",
  ];
  if (input.instructions?.trim())
    parts.push("", `The user asked for this summary with these instructions: ${input.instructions.trim()}`);
  if (input.previousSummary)
    parts.push(
      "",
      "<earlier-summary>",
      input.previousSummary,
      "</earlier-summary>",
      "The earlier summary above covers what came before the conversation below: merge it into your notes.",
    );
  parts.push("", "<conversation>", input.transcript, "</conversation>");
  return parts.join("\n");
}

/** The user message that stands for the summarized part of the conversation in every later request. */
export function summaryMessageText(summary: string): string {
  return (
    "[Summary of the earlier conversation. agenix compacted it to fit the model's context window; " +
    "the messages after this one continue from it.]\n\n" +
    summary
  );
}
