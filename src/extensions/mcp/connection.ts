// One MCP server, through the official SDK: stdio (a child process) or streamable HTTP. It keeps its
// status, its tools and the tail of its stderr for /mcp; a server that failed or died is started
// again on the next tool call.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

export type McpServerConfig =
  | { command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { url: string; headers?: Record<string, string> };

/** Runs a stdio server's command inside the command sandbox (src/sandbox/exec-wrapper.ts). */
export type StdioWrapper = (
  command: string,
  args: string[],
) => Promise<{ command: string; args: string[]; close(): Promise<void> }>;

export type McpStatus = "starting" | "ready" | "failed" | "stopped";

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

const STDERR_LINES = 20;
export const MCP_START_TIMEOUT_MS = 30_000;

export class McpConnection {
  status: McpStatus = "stopped";
  error: string | undefined;
  /** The tools the server listed when it last started (kept while it is down, so calls can restart it). */
  tools: McpToolInfo[] = [];
  private stderr: string[] = [];
  private client: Client | undefined;
  private starting: Promise<void> | undefined;
  private closing = false;

  constructor(
    readonly name: string,
    readonly config: McpServerConfig,
    private readonly options: { cwd: string; startTimeoutMs?: number; display?: string; wrap?: StdioWrapper },
  ) {}

  private unwrap: (() => Promise<void>) | undefined;

  /** Whether the server runs in the command sandbox (shown by /mcp). */
  get sandboxed(): boolean {
    return this.kind === "stdio" && this.options.wrap !== undefined;
  }

  /** How the server is shown (/mcp, agenix mcp list): as configured, references not filled in. */
  get display(): string {
    return this.options.display ?? (this.kind === "http" ? "http" : "stdio");
  }

  get stderrTail(): string {
    return this.stderr.join("\n");
  }

  get kind(): "stdio" | "http" {
    return "url" in this.config ? "http" : "stdio";
  }

  /** Starts (or restarts) the server; resolves when it is ready or has failed (never rejects). */
  start(): Promise<void> {
    this.starting ??= this.connect().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async connect(): Promise<void> {
    this.status = "starting";
    this.error = undefined;
    this.closing = false;
    await this.disposeClient();
    try {
      const [{ Client }, transport] = await Promise.all([
        import("@modelcontextprotocol/sdk/client/index.js"),
        this.transport(),
      ]);
      const client = new Client({ name: "agenix", version: "1" });
      client.onclose = () => {
        if (this.client !== client || this.closing) return;
        this.client = undefined;
        this.status = "failed";
        this.error = "the server closed the connection (exited?)";
      };
      const timeout = this.options.startTimeoutMs ?? MCP_START_TIMEOUT_MS;
      this.client = client;
      await client.connect(transport, { timeout });
      const listed = await client.listTools(undefined, { timeout });
      this.tools = listed.tools.map((t) => ({
        name: t.name,
        description: t.description,
        inputSchema: t.inputSchema as Record<string, unknown>,
      }));
      this.status = "ready";
    } catch (error) {
      this.status = "failed";
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === "ENOENT" && "command" in this.config) {
        this.error = `command not found: ${this.config.command} (check mcpServers.${this.name}.command in your settings)`;
      }
      this.error ??= error instanceof Error ? error.message : String(error);
      await this.disposeClient();
    }
  }

  private async transport(): Promise<Transport> {
    const config = this.config;
    if ("url" in config) {
      const { StreamableHTTPClientTransport } = await import(
        "@modelcontextprotocol/sdk/client/streamableHttp.js"
      );
      return new StreamableHTTPClientTransport(new URL(config.url), {
        requestInit: { headers: config.headers },
      });
    }
    const { StdioClientTransport, getDefaultEnvironment } = await import(
      "@modelcontextprotocol/sdk/client/stdio.js"
    );
    const wrapped = this.options.wrap
      ? await this.options.wrap(config.command, config.args ?? [])
      : undefined;
    this.unwrap = wrapped?.close;
    const transport = new StdioClientTransport({
      command: wrapped?.command ?? config.command,
      args: wrapped?.args ?? config.args ?? [],
      env: { ...getDefaultEnvironment(), ...(config.env ?? {}) },
      cwd: config.cwd ?? this.options.cwd,
      stderr: "pipe",
    });
    this.stderr = [];
    let partial = "";
    transport.stderr?.on("data", (chunk: Buffer | string) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      this.stderr.push(...lines.filter((l) => l.trim() !== ""));
      if (partial.length > 2000) {
        this.stderr.push(partial);
        partial = "";
      }
      if (this.stderr.length > STDERR_LINES) this.stderr.splice(0, this.stderr.length - STDERR_LINES);
    });
    return transport;
  }

  /** Calls a tool; restarts the server first when it is down. Never throws. */
  async callTool(
    tool: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<{ content: string; isError: boolean }> {
    if (this.status !== "ready") await this.start();
    const client = this.client;
    if (this.status !== "ready" || !client) return { content: this.downMessage(), isError: true };
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        signal,
        timeout: 600_000,
      });
      return { content: resultText(result as { content?: unknown }), isError: result.isError === true };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (signal.aborted) return { content: `Error: MCP tool ${tool} was interrupted.`, isError: true };
      if (this.status === "ready" && !isServerAnswer(error)) {
        // The transport broke (HTTP server gone, session expired): reconnect on the next call.
        this.status = "failed";
        this.error = reason;
        await this.disposeClient();
      }
      if (this.status !== "ready") return { content: this.downMessage(reason), isError: true };
      return { content: `Error: MCP tool ${tool} on server "${this.name}" failed: ${reason}`, isError: true };
    }
  }

  private downMessage(reason?: string): string {
    const tail = this.stderrTail ? `\nIts last stderr lines:\n${this.stderrTail}` : "";
    return (
      `Error: MCP server "${this.name}" is not available: ${reason ?? this.error ?? "it is not running"}.` +
      ` agenix starts it again on the next call; the user can see its status with /mcp.${tail}`
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.disposeClient();
    this.status = "stopped";
  }

  private async disposeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    try {
      await client?.close();
    } catch {
      // already gone
    }
    const unwrap = this.unwrap;
    this.unwrap = undefined;
    await unwrap?.();
  }
}

/** A JSON-RPC error the server sent (it is up and answering), not a broken connection or a timeout. */
function isServerAnswer(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // -32000 connection closed, -32001 request timeout (the SDK's own codes).
  return typeof code === "number" && code < 0 && code !== -32000 && code !== -32001;
}

type ContentItem = {
  type: string;
  text?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string };
};

/** MCP content as the text a model reads: text as is, other kinds as short markers. */
export function resultText(result: { content?: unknown; structuredContent?: unknown }): string {
  const items = Array.isArray(result.content) ? (result.content as ContentItem[]) : [];
  const parts = items.map((item) => {
    if (item.type === "text") return item.text ?? "";
    if (item.type === "resource") return item.resource?.text ?? `[resource ${item.resource?.uri ?? ""}]`;
    if (item.type === "image" || item.type === "audio") return `[${item.type}: ${item.mimeType ?? "binary"}]`;
    return JSON.stringify(item);
  });
  if (parts.length === 0 && result.structuredContent !== undefined)
    return JSON.stringify(result.structuredContent);
  return parts.join("\n");
}
