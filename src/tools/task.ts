// task: hands a self-contained task to a subagent (a child session with a fresh context, its own
// system prompt and a subset of the parent's tools) and returns its final answer. The work is done by
// the injected runner (agent/subagents.ts, wired by run/subagents.ts); several task calls in one
// message run at the same time.
import { z } from "zod";
import { stringArgument } from "../permissions/tool-permission.js";
import { defineTool } from "./define.js";
import type { Tool, ToolContext, ToolOutput } from "./types.js";

/** What the tool asks of the orchestrator. */
export interface TaskRunner {
  run(
    request: { description: string; prompt: string; agent?: string },
    callId: string,
    signal: AbortSignal,
  ): Promise<ToolOutput>;
}

/** A child may work for a long time; the user's Ctrl-C (the signal) still stops it at once. */
const TASK_DEADLINE_MS = 60 * 60_000;

const schema = z.object({
  description: z.string().min(1).describe("A short (3-5 word) description of the task, shown to the user"),
  prompt: z
    .string()
    .min(1)
    .describe("The complete task for the subagent: it sees nothing of this conversation but this text"),
  agent: z
    .string()
    .optional()
    .describe('Which agent does it (see "Subagents" in the system prompt); default: general'),
});

/** What the task tool declares, known without a runner (labels and rules name it before a session adds it). */
export const TASK_DECLARATION = {
  name: "task",
  // Starting a child runs nothing itself: each of the child's own calls is checked as it comes.
  permission: { kind: "none", label: (input) => stringArgument(input, "description") },
  // A subagent is planning too, as other ACP agents show it.
  activity: "think",
} as const satisfies Pick<Tool, "name" | "permission" | "activity">;

/** The task tool; `agents` (the agents' listing) is added to its description when the system prompt lacks it. */
export function taskTool(runner: TaskRunner, agents?: string): Tool {
  return defineTool({
    name: TASK_DECLARATION.name,
    description:
      "Give a self-contained task to a subagent: a fresh agent with its own context and tools, whose final answer is returned. " +
      "Use it for searches across many files, independent research or a separate change, to keep this conversation small. " +
      `Several task calls in one message run in parallel.${agents ? `\n\n${agents}` : ""}`,
    schema,
    concurrent: true,
    permission: TASK_DECLARATION.permission,
    activity: TASK_DECLARATION.activity,
    deadlineMs: () => TASK_DEADLINE_MS,
    async execute(args, ctx: ToolContext) {
      return runner.run(args, ctx.callId ?? "", ctx.signal);
    },
  });
}
