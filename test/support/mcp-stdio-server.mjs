#!/usr/bin/env node
// A small MCP server over stdio, built with the official SDK, for tests. Tools:
//   echo {text}     -> "echo: <text>"
//   add {a, b}      -> the sum
//   crash {}        -> writes to stderr and exits the process (the client sees the server die)
// `--fail-at-start` writes a line to stderr and exits 3 before speaking MCP.
// `--log FILE` appends one line per start ("started <pid>") so tests can count restarts.
// `--try-write FILE` tries to write FILE at start and carries on whatever happens (sandbox tests).
import { appendFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const args = process.argv.slice(2);
const logIndex = args.indexOf("--log");
if (logIndex >= 0) appendFileSync(args[logIndex + 1], `started ${process.pid}\n`);
const tryIndex = args.indexOf("--try-write");
if (tryIndex >= 0) {
  try {
    appendFileSync(args[tryIndex + 1], "written\n");
  } catch (error) {
    process.stderr.write(`test server: could not write: ${error.code}\n`);
  }
}
if (args.includes("--fail-at-start")) {
  process.stderr.write("test server: cannot open the database (simulated start failure)\n");
  process.exit(3);
}

const server = new McpServer({ name: "agenix-test", version: "1.0.0" });
server.registerTool(
  "echo",
  { description: "Echoes the text back", inputSchema: { text: z.string() } },
  async ({ text }) => ({ content: [{ type: "text", text: `echo: ${text}` }] }),
);
server.registerTool(
  "add",
  { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } },
  async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
);
server.registerTool("crash", { description: "Crashes the server", inputSchema: {} }, async () => {
  process.stderr.write("test server: crashing on purpose\n");
  process.exit(7);
});
process.stderr.write("test server: ready\n");
await server.connect(new StdioServerTransport());
