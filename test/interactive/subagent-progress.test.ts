// The line under a running task call: the child's current tool, its tokens, its problems.
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/agent/events.js";
import { applyEvent, emptyTranscript } from "../../src/cli/interactive/transcript-state.js";

const relay = (event: AgentEvent): AgentEvent => ({
  type: "subagent",
  callId: "call_t",
  agent: "explore",
  description: "look",
  sessionId: "20261206_120000_2",
  event,
});

describe("subagent progress in the transcript", () => {
  it("follows the child's tool calls and tokens under its task call", () => {
    let state = applyEvent(emptyTranscript, {
      type: "tool_call",
      call: { id: "call_t", name: "task", arguments: { description: "look", prompt: "p" } },
    });
    const grep = { id: "g1", name: "grep", arguments: { pattern: "auth" } };
    state = applyEvent(state, relay({ type: "tool_call", call: grep }));
    expect(state.running[0]?.subagent).toMatchObject({
      agent: "explore",
      sessionId: "20261206_120000_2",
      tool: "grep(auth)",
      tokens: 0,
    });
    state = applyEvent(
      state,
      relay({
        type: "message",
        message: {
          role: "assistant",
          content: [],
          usage: { prompt_tokens: 1000, completion_tokens: 234, total_tokens: 1234 },
          timestamp: "2026-12-06T12:00:00Z",
        },
      }),
    );
    state = applyEvent(
      state,
      relay({
        type: "tool_result",
        call: grep,
        summary: "3 lines",
        message: {
          role: "tool",
          tool_call_id: "g1",
          name: "grep",
          content: "x",
          timestamp: "2026-12-06T12:00:01Z",
        },
      }),
    );
    expect(state.running[0]?.subagent).toMatchObject({ tool: undefined, tokens: 1234 });
    // Events of another call's child change nothing here.
    const other = applyEvent(state, {
      ...(relay({ type: "tool_call", call: grep }) as object),
      callId: "x",
    } as AgentEvent);
    expect(other.running[0]?.subagent?.tool).toBeUndefined();
  });

  it("shows a child's warnings as warnings naming the agent", () => {
    const state = applyEvent(
      emptyTranscript,
      relay({ type: "notice", level: "warning", text: "Warning: disk full" }),
    );
    expect(state.items.at(-1)).toMatchObject({
      kind: "info",
      tone: "warning",
      text: "explore subagent: Warning: disk full",
    });
    expect(applyEvent(emptyTranscript, relay({ type: "notice", level: "info", text: "fyi" })).items).toEqual(
      [],
    );
  });
});
