// An example agenix extension. Try it:  agenix --extension examples/extensions/hello.ts "say hello to Ada"
// (or copy it to ~/.agenix/extensions/). No build step: agenix loads .ts files directly.
import type { ExtensionAPI } from "agenix";

export default function hello(api: ExtensionAPI) {
  // A tool the model can call. `parameters` may be a zod schema (api.z) or plain JSON Schema.
  api.registerTool({
    name: "greet",
    description: "Greets someone by name.",
    parameters: api.z.object({ name: api.z.string().describe("who to greet") }),
    execute: async ({ name }: { name: string }) => `Hello, ${name}! (from the hello extension)`,
  });

  // A slash command for interactive mode (and `agenix "/hello-stats"`).
  let toolCalls = 0;
  api.registerCommand("hello-stats", {
    description: "how many tool calls this session made",
    handler: () => `${toolCalls} tool calls so far`,
  });

  // Events: count tool calls, and refuse `rm -rf /` outright.
  api.on("tool_call", (event) => {
    toolCalls++;
    const command = (event.input as { command?: string }).command ?? "";
    if (event.name === "bash" && /\brm\s+-rf\s+\/(\s|$)/.test(command)) {
      return { block: true, reason: "the hello extension does not allow rm -rf /" };
    }
  });

  api.on("session_start", (event) => api.notify(`hello extension loaded in ${event.workingDir}`));
}
