// todo_write: the model's plan for a task as a checklist it rewrites whole on every call. The tool
// itself only checks the list and answers; the list lives in the call's arguments in the session
// (messages/todos.ts), and the front ends show it (interactive: under the spinner; print mode: on
// stderr; `sessions show`, the HTML export; ACP: a `plan` update).
import { z } from "zod";
import { TODO_STATUSES, TODO_TOOL, todoProgress } from "../messages/todos.js";
import { defineTool } from "./define.js";

const MAX_ITEMS = 100;

const schema = z.object({
  todos: z
    .array(
      z.object({
        content: z.string().trim().min(1).max(500).describe('The task, in the imperative: "Run the tests"'),
        status: z.enum(TODO_STATUSES),
        activeForm: z
          .string()
          .max(500)
          .optional()
          .describe('The task in the present continuous, shown while it runs: "Running the tests"'),
      }),
    )
    .max(MAX_ITEMS)
    .describe("The whole list, every time (it replaces the previous one)"),
});

export const todoWriteTool = defineTool({
  name: TODO_TOOL,
  description:
    "Keep a todo list for a task with several steps, so you and the user can see the plan and the progress. " +
    "Send the whole list every time; it replaces the last one. Mark a task in_progress when you start it " +
    "(one at a time) and completed as soon as it is done; add tasks you discover. Skip it for a single, simple step.",
  schema,
  // Changes nothing outside the conversation: runs in every mode, plan included.
  permission: {
    kind: "none",
    label: (input) =>
      Array.isArray(input.todos)
        ? `${input.todos.length} ${input.todos.length === 1 ? "task" : "tasks"}`
        : undefined,
  },
  activity: "think",
  async execute(args) {
    const count = (status: string) => args.todos.filter((item) => item.status === status).length;
    const content =
      args.todos.length === 0
        ? "The todo list is now empty."
        : `Todo list updated: ${args.todos.length} ${args.todos.length === 1 ? "task" : "tasks"} (${count("completed")} completed, ${count("in_progress")} in progress, ${count("pending")} pending). ` +
          "Keep it current as you work.";
    return { content, summary: todoProgress(args.todos) };
  },
});
