// The status of MCP servers as text, for `agenix mcp list` and `/mcp`.
import type { McpManager } from "../../extensions/mcp/manager.js";
import { mcpToolName } from "../../extensions/mcp/manager.js";
import { sanitizeForTerminal } from "../sanitize.js";

export interface UntrustedServers {
  names: string[];
  file: string;
}

export function formatMcpStatus(manager: McpManager, untrusted?: UntrustedServers): string {
  const lines: string[] = [];
  for (const c of manager.connections) {
    lines.push(`${c.name}  (${c.display})${c.sandboxed ? "  in the sandbox" : ""}`);
    if (c.status === "ready") {
      lines.push(`  status: ready, ${c.tools.length} ${c.tools.length === 1 ? "tool" : "tools"}`);
      for (const t of c.tools) {
        const description = t.description ? ` - ${t.description.split("\n")[0]}` : "";
        lines.push(`    ${mcpToolName(c.name, t.name)}${description}`);
      }
    } else if (c.status === "failed") {
      lines.push(
        `  status: failed: ${c.error ?? "unknown error"} (restarted on the next call of one of its tools)`,
      );
      if (c.stderrTail)
        lines.push("  last stderr lines:", ...c.stderrTail.split("\n").map((l) => `    ${l}`));
    } else {
      lines.push(`  status: ${c.status}`);
    }
  }
  for (const { name, error } of manager.invalid) lines.push(`${name}\n  status: not started: ${error}`);
  if (untrusted && untrusted.names.length > 0) {
    lines.push(
      `Not started (the project is not trusted): ${untrusted.names.join(", ")} from ${untrusted.file}. ` +
        "Run agenix with --trust in this folder to trust it.",
    );
  }
  if (lines.length === 0) {
    return "No MCP servers configured. Add them to settings `mcpServers` (see docs/extensions.md).";
  }
  return sanitizeForTerminal(lines.join("\n"));
}
