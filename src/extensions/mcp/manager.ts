// All MCP servers of a session: started in parallel, their tools offered as mcp__<server>__<tool>
// (through the same defineTool() as built-in tools), their status for /mcp and `agenix mcp list`.
import type { Tool } from "../../tools/types.js";
import { toolFromSchema } from "../schema-tool.js";
import { McpConnection, type McpServerConfig, type StdioWrapper } from "./connection.js";
import { expandServerConfig } from "./expand.js";

/** How long the first prompt may wait for servers that are still starting. */
export const MCP_FIRST_PROMPT_WAIT_MS = 3000;

/** Checks one server entry from settings; returns a reason when it is unusable. */
export function invalidServerConfig(config: unknown): string | undefined {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return "it must be an object";
  const c = config as Record<string, unknown>;
  if (typeof c.command === "string" && c.command !== "") {
    if (c.args !== undefined && !(Array.isArray(c.args) && c.args.every((a) => typeof a === "string"))) {
      return '"args" must be a list of strings';
    }
    return undefined;
  }
  if (typeof c.url === "string") {
    try {
      const url = new URL(c.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") return `"url" must be http(s): ${c.url}`;
    } catch {
      return `"url" is not a URL: ${c.url}`;
    }
    return undefined;
  }
  return 'it needs "command" (stdio) or "url" (streamable HTTP)';
}

export function describeServer(config: McpServerConfig): string {
  return "url" in config
    ? `http: ${config.url}`
    : `stdio: ${[config.command, ...(config.args ?? [])].join(" ")}`;
}

function safe(part: string): string {
  return part.replace(/[^a-zA-Z0-9_-]/g, "_");
}

export function mcpToolName(server: string, tool: string): string {
  return `mcp__${safe(server)}__${safe(tool)}`.slice(0, 64);
}

export class McpManager {
  readonly connections: McpConnection[] = [];
  /** Servers whose settings entry is unusable (shown in /mcp, never started). */
  readonly invalid: { name: string; error: string }[] = [];
  private started: Promise<void> | undefined;
  private toolCache = new Map<McpConnection, { listed: unknown; tools: Tool[] }>();

  constructor(
    servers: Record<string, unknown>,
    options: {
      cwd: string;
      startTimeoutMs?: number;
      env?: Record<string, string | undefined>;
      /** The sandbox wrapper for a server, or undefined to run it as configured. */
      sandboxFor?: (name: string) => StdioWrapper | undefined;
      /** Servers whose values are taken as given, with no `$VAR` expansion (an editor's, over ACP). */
      literal?: ReadonlySet<string>;
    },
  ) {
    for (const [name, config] of Object.entries(servers)) {
      const problem = invalidServerConfig(config);
      if (problem) {
        this.invalid.push({ name, error: problem });
        continue;
      }
      const expanded = options.literal?.has(name)
        ? { config: config as McpServerConfig, missing: [] }
        : expandServerConfig(config as McpServerConfig, options.env ?? process.env);
      if (expanded.missing.length > 0) {
        const names = expanded.missing.map((v) => `$${v}`).join(", ");
        this.invalid.push({
          name,
          error: `${names} ${expanded.missing.length === 1 ? "is" : "are"} not set in the environment`,
        });
        continue;
      }
      // Shown as written (with $VAR references), never with the values filled in.
      this.connections.push(
        new McpConnection(name, expanded.config, {
          cwd: options.cwd,
          startTimeoutMs: options.startTimeoutMs,
          display: describeServer(config as McpServerConfig),
          wrap: options.sandboxFor?.(name),
        }),
      );
    }
  }

  /** Starts every server at once; the promise settles when all are ready or failed. */
  startAll(): Promise<void> {
    this.started ??= Promise.all(this.connections.map((c) => c.start())).then(() => undefined);
    return this.started;
  }

  /** Waits for the servers, but no longer than `ms`. */
  async waitReady(ms = MCP_FIRST_PROMPT_WAIT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.startAll(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
    clearTimeout(timer);
  }

  /** The tools of every server that has listed them (a server down since keeps its tools: calls restart it). */
  tools(): Tool[] {
    return this.connections.flatMap((connection) => {
      const cached = this.toolCache.get(connection);
      if (cached && cached.listed === connection.tools) return cached.tools;
      const tools = connection.tools.flatMap((info) => {
        try {
          return [
            toolFromSchema({
              name: mcpToolName(connection.name, info.name),
              description: info.description ?? `${info.name} (MCP server ${connection.name})`,
              parameters: info.inputSchema,
              execute: (args, ctx) => connection.callTool(info.name, args, ctx.signal),
            }),
          ];
        } catch {
          return [];
        }
      });
      this.toolCache.set(connection, { listed: connection.tools, tools });
      return tools;
    });
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
  }
}
