import { describe, expect, it } from "vitest";
import {
  applyEvent,
  emptyTranscript,
  itemsFromMessages,
} from "../../src/cli/interactive/transcript-state.js";
import type { UiEvent } from "../../src/cli/interactive/types.js";
import type { Message } from "../../src/messages/types.js";

const call = { id: "call_1", name: "bash", arguments: { command: "ls -la" } };
const T = "2024-01-01T12:00:00Z";

function run(events: UiEvent[]) {
  return events.reduce((state, event) => applyEvent(state, event, 1000), emptyTranscript);
}

describe("transcript state", () => {
  it("streams text, then keeps the completed message; a tool runs, then becomes a finished line", () => {
    const streaming = run([
      { type: "text_delta", text: "I'll " },
      { type: "text_delta", text: "check" },
    ]);
    expect(streaming.streaming).toBe("I'll check");
    const state = run([
      { type: "text_delta", text: "I'll check" },
      {
        type: "message",
        message: {
          role: "assistant",
          content: [{ type: "text", text: "I'll check" }],
          tool_calls: [call],
          timestamp: T,
        },
      },
      { type: "tool_call", call },
    ]);
    expect(state.streaming).toBe("");
    expect(state.running).toMatchObject([{ name: "bash", args: "ls -la", status: "running" }]);
    const done = applyEvent(state, {
      type: "tool_result",
      call,
      message: {
        role: "tool",
        tool_call_id: "call_1",
        name: "bash",
        content: "a\nb\n",
        is_error: false,
        timestamp: T,
      },
      summary: "2 lines",
    });
    expect(done.running).toEqual([]);
    expect(done.items.map((i) => i.kind)).toEqual(["assistant", "tool"]);
    expect(done.items[1]).toMatchObject({ status: "done", summary: "2 lines", output: "a\nb\n" });
  });

  it("strips escape sequences from model and tool text (OSC 52, OSC 8, cursor movement)", () => {
    const evil =
      "ok\u001b]52;c;aGVsbG8=\u0007 \u001b]8;;http://x\u0007link\u001b]8;;\u0007\u001b[2A\u009b2J done";
    const state = run([
      {
        type: "message",
        message: { role: "assistant", content: [{ type: "text", text: evil }], timestamp: T },
      },
      {
        type: "tool_result",
        call,
        message: {
          role: "tool",
          tool_call_id: "call_1",
          name: "bash",
          content: evil,
          is_error: true,
          timestamp: T,
        },
        summary: "Exit code 1",
      },
    ]);
    for (const item of state.items) {
      const text = JSON.stringify(item);
      expect(text).not.toMatch(/\\u001b|\\u0007|\\u009b/);
    }
    expect(state.items[0]).toMatchObject({ text: "ok link done" });
  });

  it("an interrupted turn keeps the streamed text and says it was interrupted", () => {
    const state = run([
      { type: "text_delta", text: "partial answer" },
      { type: "agent_end", stopReason: "aborted", finalText: "" },
    ]);
    expect(state.items.map((i) => ("text" in i ? i.text : i.kind))).toEqual([
      "partial answer",
      "Interrupted.",
    ]);
  });

  it("a loaded conversation becomes user, assistant and tool items", () => {
    const messages: Message[] = [
      { role: "user", content: "What files are here?", timestamp: T },
      {
        role: "assistant",
        content: [{ type: "text", text: "I'll check..." }],
        tool_calls: [call],
        timestamp: T,
      },
      { role: "tool", tool_call_id: "call_1", name: "bash", content: "file1.py\nfile2.py\n", timestamp: T },
      { role: "assistant", content: [{ type: "text", text: "You have 2 Python files." }], timestamp: T },
    ];
    expect(itemsFromMessages(messages)).toMatchObject([
      { kind: "user", text: "What files are here?" },
      { kind: "assistant", text: "I'll check..." },
      { kind: "tool", name: "bash", args: "ls -la", summary: "2 lines" },
      { kind: "assistant", text: "You have 2 Python files." },
    ]);
  });

  it("a loaded command that printed nothing says 'no output', as the live line does, not '1 line'", () => {
    const messages: Message[] = [
      { role: "user", content: "touch it", timestamp: T },
      { role: "assistant", content: [], tool_calls: [call], timestamp: T },
      { role: "tool", tool_call_id: "call_1", name: "bash", content: "(no output)", timestamp: T },
    ];
    expect(itemsFromMessages(messages)).toMatchObject([
      { kind: "user" },
      { kind: "tool", name: "bash", summary: "no output" },
    ]);
  });
});
