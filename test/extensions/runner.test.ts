import { describe, expect, it } from "vitest";
import type { BeforeCompactContext } from "../../src/agent/compaction/hooks.js";
import { ExtensionRunner } from "../../src/extensions/runner.js";
import type { ExtensionAPI } from "../../src/extensions/types.js";

function runner(timeoutMs = 5000) {
  const notices: string[] = [];
  const r = new ExtensionRunner({ workingDir: "/tmp", reservedToolNames: ["read", "bash"], timeoutMs });
  r.setNoticeSink((_level, text) => notices.push(text));
  return { r, notices };
}
const ctx = () => ({ workingDir: "/tmp", signal: new AbortController().signal });
const call = { id: "c1", name: "bash", arguments: { command: "ls" } };

describe("ExtensionRunner", () => {
  it("a factory that throws leaves nothing registered and is reported once", async () => {
    const { r, notices } = runner();
    const ok = await r.add("/x/bad.ts", (api: { registerTool: (t: unknown) => void }) => {
      api.registerTool({ name: "t", description: "", parameters: {}, execute: () => "x" });
      throw new Error("nope");
    });
    expect(ok).toBe(false);
    expect(r.tools).toEqual([]);
    expect(notices).toEqual(["Extension /x/bad.ts failed to load and is skipped: nope"]);
  });

  it("refuses tools that take a built-in name or have a bad name, and unknown events, with a notice", async () => {
    const { r, notices } = runner();
    await r.add("/x/e.ts", (api: ExtensionAPI) => {
      api.registerTool({ name: "read", description: "", parameters: {}, execute: () => "" });
      api.registerTool({ name: "has space", description: "", parameters: {}, execute: () => "" });
      (api.on as (event: string, handler: () => void) => void)("tool_calls", () => {});
      api.registerTool({
        name: "fine",
        description: "d",
        parameters: api.z.object({ n: api.z.number() }),
        execute: ({ n }: { n: number }) => String(n * 2),
      });
    });
    expect(r.tools.map((t) => t.name)).toEqual(["fine"]);
    expect(notices).toHaveLength(3);
    expect(notices[0]).toContain('tool "read" not registered: a tool with this name already exists');
    expect(notices[2]).toContain('unknown event "tool_calls"');
    const tool = r.tools[0]!;
    expect(tool.parameters).toMatchObject({ type: "object", properties: { n: { type: "number" } } });
    expect(await tool.run({ n: 21 }, ctx())).toMatchObject({ content: "42", isError: false });
    expect((await tool.run({ n: "x" }, ctx())).isError).toBe(true);
  });

  it("a tool whose execute throws gives an error result", async () => {
    const { r } = runner();
    await r.add("/x/e.ts", (api: ExtensionAPI) =>
      api.registerTool({
        name: "fail",
        description: "",
        parameters: { type: "object" },
        execute: () => {
          throw new Error("disk on fire");
        },
      }),
    );
    expect(await r.tools[0]!.run({}, ctx())).toMatchObject({
      isError: true,
      content: "Error: fail failed: disk on fire",
    });
  });

  it("the first tool_call handler that blocks wins; tool_result replacements chain in load order", async () => {
    const { r } = runner();
    await r.add("/x/a.ts", (api: ExtensionAPI) => {
      api.on("tool_call", () => undefined);
      api.on("tool_result", (e) => ({ content: `${e.content}+a` }));
    });
    await r.add("/x/b.ts", (api: ExtensionAPI) => {
      api.on("tool_call", (e) =>
        (e.input as { command?: string }).command === "ls" ? { block: true, reason: "no ls" } : undefined,
      );
      api.on("tool_result", (e) => ({ content: `${e.content}+b`, isError: true }));
    });
    expect(await r.toolCall(call)).toEqual({ block: true, reason: "no ls (by extension b.ts)" });
    expect(await r.toolResult(call, { content: "out", isError: false })).toEqual({
      content: "out+a+b",
      isError: true,
    });
  });

  it("a handler that throws is reported and disabled; the others keep running", async () => {
    const { r, notices } = runner();
    const seen: number[] = [];
    await r.add("/x/a.ts", (api: ExtensionAPI) =>
      api.on("turn_start", () => {
        throw new Error("bad");
      }),
    );
    await r.add("/x/b.ts", (api: ExtensionAPI) =>
      api.on("turn_start", (e) => {
        seen.push(e.turn);
      }),
    );
    await r.emit({ type: "turn_start", turn: 1 });
    await r.emit({ type: "turn_start", turn: 2 });
    expect(seen).toEqual([1, 2]);
    expect(notices).toEqual([
      "Extension /x/a.ts: its turn_start handler threw (bad) and is disabled; the session goes on.",
    ]);
  });

  it("a handler slower than the limit is abandoned with a notice (its answer is ignored)", async () => {
    const { r, notices } = runner(50);
    await r.add("/x/slow.ts", (api: ExtensionAPI) => api.on("tool_call", () => new Promise(() => {})));
    expect(await r.toolCall(call)).toBeUndefined();
    expect(notices).toEqual([
      "Extension /x/slow.ts: its tool_call handler took longer than 0.05 s and was abandoned; the session goes on.",
    ]);
  });

  it("handlers get copies: changing an event does not change the session's messages", async () => {
    const { r } = runner();
    await r.add("/x/m.ts", (api: ExtensionAPI) =>
      api.on("message_end", (e) => {
        e.message.content = "changed";
      }),
    );
    const message = { role: "user" as const, content: "original", timestamp: "2026-01-01T00:00:00Z" };
    await r.emit({ type: "message_end", message });
    expect(message.content).toBe("original");
  });

  it("before_compact: any handler may cancel; the first summary is used", async () => {
    const { r } = runner();
    await r.add("/x/a.ts", (api: ExtensionAPI) => api.on("before_compact", () => ({ summary: "mine" })));
    await r.add("/x/b.ts", (api: ExtensionAPI) => api.on("before_compact", () => ({ summary: "theirs" })));
    expect(await r.beforeCompact(compactContext({ trigger: "auto" }))).toEqual({
      summary: "mine",
    });
  });

  it("runs a registered command and reports one that throws", async () => {
    const { r } = runner();
    await r.add("/x/c.ts", (api: ExtensionAPI) => {
      api.registerCommand("hi", { handler: (args: string) => `hi ${args}` });
      api.registerCommand("/oops", {
        handler: () => {
          throw new Error("no");
        },
      });
    });
    expect(await r.runCommand("hi", "there")).toEqual({ output: "hi there" });
    expect(await r.runCommand("oops", "")).toEqual({ error: "/oops (extension /x/c.ts) failed: no" });
    expect(await r.runCommand("missing", "")).toBeUndefined();
  });

  it("is the compaction code's hooks: beforeCompact and onCompact fire before_compact and compact", async () => {
    const { r } = runner();
    const seen: unknown[] = [];
    await r.add("/x/c.ts", (api: ExtensionAPI) => {
      api.on("before_compact", (e) => {
        seen.push(e);
        return { cancel: true };
      });
      api.on("compact", (e) => {
        seen.push(e);
      });
    });
    const hooks = r;
    expect(await hooks.beforeCompact(compactContext({ tokensBefore: 900, instructions: "short" }))).toEqual({
      cancel: true,
    });
    await hooks.onCompact({
      timestamp: "2026-01-01T00:00:00.000Z",
      model: "m",
      summary: "S",
      first_kept_index: 4,
      tokens_before: 900,
      tokens_after: 100,
      trigger: "manual",
    });
    expect(seen).toEqual([
      { type: "before_compact", trigger: "manual", messages: [], tokens: 900, instructions: "short" },
      {
        type: "compact",
        summary: "S",
        firstKeptIndex: 4,
        tokensBefore: 900,
        tokensAfter: 100,
        trigger: "manual",
      },
    ]);
  });
});

function compactContext(over: Partial<BeforeCompactContext>): BeforeCompactContext {
  return {
    trigger: "manual",
    reason: "manual",
    messages: [],
    firstKeptIndex: 0,
    tokensBefore: 0,
    contextWindow: 128_000,
    model: "m",
    ...over,
  };
}
