import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolError } from "../../src/tools/define.js";
import { builtinTools, findTool } from "../../src/tools/registry.js";
import { ctxFor, tempDir } from "./helpers.js";

const echo = defineTool({
  name: "echo",
  description: "Echo text",
  schema: z.object({ text: z.string(), times: z.number().int().min(1).optional() }),
  async execute(args) {
    if (args.text === "boom") throw new Error("kaput");
    if (args.text === "tool-error") throw new ToolError("Nothing to echo here.");
    return { content: args.text.repeat(args.times ?? 1) };
  },
});

describe("defineTool", () => {
  it("runs execute with validated arguments and a default line-count summary", async () => {
    const out = await echo.run({ text: "a\nb\n" }, ctxFor(tempDir()));
    expect(out).toEqual({ content: "a\nb\n", isError: false, summary: "2 lines" });
  });

  it("turns invalid arguments into an error result naming the field to fix", async () => {
    const out = await echo.run({ text: 42 }, ctxFor(tempDir()));
    expect(out.isError).toBe(true);
    expect(out.content).toMatch(/^Error: Invalid arguments for echo:/);
    expect(out.content).toContain("text");
    expect(out.content).toContain("expected string");
    // The result line says what is wrong, not just "Invalid arguments for echo:".
    expect(out.summary).toMatch(
      /^Error: Invalid arguments for echo: Invalid input: expected string, received number/,
    );
  });

  it("reports arguments that were not valid JSON", async () => {
    const out = await echo.run({ _raw: '{"text": "unterminated' }, ctxFor(tempDir()));
    expect(out.isError).toBe(true);
    expect(out.content).toContain("were not valid JSON");
    expect(out.content).toContain("unterminated");
  });

  it("catches throws: ToolError messages verbatim, other errors named after the tool", async () => {
    const plain = await echo.run({ text: "boom" }, ctxFor(tempDir()));
    expect(plain).toMatchObject({ isError: true, content: "Error: echo failed: kaput" });
    const typed = await echo.run({ text: "tool-error" }, ctxFor(tempDir()));
    expect(typed).toMatchObject({ isError: true, content: "Error: Nothing to echo here." });
  });

  it("truncates long output once, keeping head and tail around a marker", async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join("\n");
    const out = await echo.run({ text }, ctxFor(tempDir()));
    expect(out.content.startsWith("line 1\nline 2\n")).toBe(true);
    expect(out.content.endsWith("line 4999\nline 5000")).toBe(true);
    expect(out.content).toMatch(/\.\.\. \[\d+ lines \/ \d+ chars truncated\] \.\.\./);
    expect(out.content.split("\n").length).toBeLessThanOrEqual(2000);
    expect(out.summary).toBe("5000 lines");
  });

  it("truncates a single enormous line by characters", async () => {
    const out = await echo.run({ text: "x", times: 100_000 }, ctxFor(tempDir()));
    expect(out.content.length).toBeLessThanOrEqual(30_000);
    expect(out.content).toContain("chars truncated");
  });

  it("refuses to start when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const out = await echo.run({ text: "hi" }, ctxFor(tempDir(), controller.signal));
    expect(out).toMatchObject({ isError: true });
    expect(out.content).toContain("interrupted");
  });
});

describe("tool deadlines", () => {
  it("stops a tool at its deadline and says so", async () => {
    const slow = defineTool({
      name: "slow",
      description: "Waits for its signal",
      schema: z.object({}),
      deadlineMs: () => 50,
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => reject(new Error("aborted")));
        }),
    });
    const out = await slow.run({}, ctxFor(tempDir()));
    expect(out.isError).toBe(true);
    expect(out.content).toBe(
      "Error: slow did not finish within 0.05s and was stopped. Try a smaller request (a narrower path or pattern, a shorter file range).",
    );
  });

  it("gives up on a tool that ignores its signal, shortly after the deadline", async () => {
    const stuck = defineTool({
      name: "stuck",
      description: "Never ends",
      schema: z.object({}),
      deadlineMs: () => 50,
      execute: () => new Promise<never>(() => {}),
    });
    const out = await stuck.run({}, ctxFor(tempDir()));
    expect(out.content).toMatch(/^Error: stuck did not finish within 0\.05s and was stopped\./);
  });

  it("reports the user's interrupt as an interrupt, not as a deadline", async () => {
    const controller = new AbortController();
    const waits = defineTool({
      name: "waits",
      description: "Waits for its signal",
      schema: z.object({}),
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => reject(new Error("aborted")));
          controller.abort();
        }),
    });
    const out = await waits.run({}, ctxFor(tempDir(), controller.signal));
    expect(out.content).toBe("Error: waits was interrupted.");
  });
});

describe("registry", () => {
  it("lists the built-in tools in order and finds them by name", () => {
    const tools = builtinTools();
    expect(tools.map((t) => t.name)).toEqual([
      "read",
      "write",
      "edit",
      "bash",
      "grep",
      "glob",
      "bash_output",
      "kill_shell",
      "web_fetch",
      "todo_write",
    ]);
    expect(findTool(tools, "edit")?.name).toBe("edit");
    expect(findTool(tools, "nope")).toBeUndefined();
  });

  it("exports closed JSON Schemas for the provider", () => {
    const specs = builtinTools(); // the loop offers each tool's name, description and parameters
    for (const spec of specs) {
      expect(spec.description.length).toBeGreaterThan(20);
      expect(spec.parameters).toMatchObject({ type: "object", additionalProperties: false });
      expect(spec.parameters).not.toHaveProperty("$schema");
    }
    const edit = specs.find((s) => s.name === "edit")!.parameters;
    expect(edit.required).toEqual(["file_path", "old_string", "new_string"]);
    expect(Object.keys(edit.properties as object)).toEqual([
      "file_path",
      "old_string",
      "new_string",
      "replace_all",
    ]);
    const bash = specs.find((s) => s.name === "bash")!.parameters as { properties: { timeout: object } };
    expect(bash.properties.timeout).toMatchObject({ type: "integer", maximum: 600000 });
    expect(JSON.stringify(specs)).not.toContain(String(Number.MAX_SAFE_INTEGER));
  });
});
