// `agenix mcp ...`: definitions only; the implementation is imported when the command runs.
import type { Command } from "commander";
import { guarded } from "../run-guarded.js";

export function registerMcpCommands(mcp: Command): void {
  mcp
    .command("list")
    .description("start the configured MCP servers and show their status and tools")
    .action(
      guarded(async (_opts: Record<string, unknown>, cmd: Command) =>
        (await import("./list-command.js")).mcpListCommand(cmd.optsWithGlobals()),
      ),
    );
}
