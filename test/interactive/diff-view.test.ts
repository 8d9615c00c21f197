import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffForTool, parseUnifiedDiff } from "../../src/cli/interactive/diff-view.js";
import {
  applyEvent,
  emptyTranscript,
  itemsFromMessages,
} from "../../src/cli/interactive/transcript-state.js";
import type { Message, ToolCall, ToolMessage } from "../../src/messages/types.js";
import { editTool } from "../../src/tools/edit.js";
import { writeTool } from "../../src/tools/write.js";

const T = "2024-01-01T12:00:00Z";

async function realEdit() {
  const dir = mkdtempSync(path.join(tmpdir(), "agenix-diff-"));
  writeFileSync(path.join(dir, "a.txt"), "one\ntwo\nthree\nfour\nfive\nsix\nseven\n");
  const args = { file_path: "a.txt", old_string: "four\n", new_string: "FOUR\nfour and a half\n" };
  const out = await editTool.run(args, { workingDir: dir, signal: new AbortController().signal });
  const call: ToolCall = { id: "c1", name: "edit", arguments: args };
  return { dir, call, out };
}

describe("inline diffs for edit and write", () => {
  it("parses the edit tool's own diff into numbered lines and +N -M", async () => {
    const { out, call } = await realEdit();
    const view = diffForTool(call, out.content, false)!;
    expect([view.added, view.removed]).toEqual([2, 1]);
    expect(view.lines.filter((l) => l.kind !== "ctx")).toEqual([
      { kind: "del", number: 4, text: "four" },
      { kind: "add", number: 4, text: "FOUR" },
      { kind: "add", number: 5, text: "four and a half" },
    ]);
    expect(view.lines[0]).toEqual({ kind: "ctx", number: 1, text: "one" });
  });

  it("shows the same summary live and after loading the session", async () => {
    const { out, call } = await realEdit();
    const result: ToolMessage = {
      role: "tool",
      tool_call_id: "c1",
      name: "edit",
      content: out.content,
      is_error: false,
      timestamp: T,
    };
    const live = applyEvent(emptyTranscript, {
      type: "tool_result",
      call,
      message: result,
      summary: out.summary,
    });
    const messages: Message[] = [
      { role: "user", content: "edit it", timestamp: T },
      { role: "assistant", content: [], tool_calls: [call], timestamp: T },
      result,
      { role: "assistant", content: [{ type: "text", text: "done" }], timestamp: T },
    ];
    const loaded = itemsFromMessages(messages).find((i) => i.kind === "tool");
    expect(live.items[0]).toMatchObject({ kind: "tool", summary: "+2 -1" });
    expect(loaded).toMatchObject({ kind: "tool", summary: "+2 -1" });
  });

  it("write: a new file is all added lines; an overwrite gets a real diff", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-diff-"));
    const ctx = { workingDir: dir, signal: new AbortController().signal };
    const created = await writeTool.run({ file_path: "n.txt", content: "a\nb\n" }, ctx);
    const call = (content: string): ToolCall => ({
      id: "w",
      name: "write",
      arguments: { file_path: "n.txt", content },
    });
    expect(diffForTool(call("a\nb\n"), created.content, false)).toMatchObject({ added: 2, removed: 0 });
    const over = await writeTool.run({ file_path: "n.txt", content: "a\nc\n" }, ctx);
    expect(over.summary).toBe("+1 -1");
    expect(diffForTool(call("a\nc\n"), over.content, false)).toMatchObject({ added: 1, removed: 1 });
    expect(diffForTool({ name: "bash", arguments: {} }, "--- a\n+++ a\n", false)).toBeUndefined();
  });

  it("marks a turn that got no answer as failed when replayed", () => {
    const items = itemsFromMessages([
      { role: "user", content: "first", timestamp: T },
      { role: "user", content: "second", timestamp: T },
      { role: "assistant", content: [{ type: "text", text: "ok" }], timestamp: T },
    ]);
    expect(items.map((i) => i.kind)).toEqual(["user", "info", "user", "assistant"]);
    expect(items[1]).toMatchObject({ tone: "error", text: expect.stringMatching(/^✗ This turn failed/) });
    expect(parseUnifiedDiff("no diff here")).toBeUndefined();
  });
});
