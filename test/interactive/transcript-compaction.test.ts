// The transcript's view of compaction and reasoning: notices before and after a compaction, thinking
// shown dimmed before the answer, and a resumed compacted session shown from its kept messages.
import { describe, expect, it } from "vitest";
import { applyEvent, emptyTranscript, itemsForResume } from "../../src/cli/interactive/transcript-state.js";
import type { SessionData } from "../../src/messages/types.js";

const T = "2024-01-01T12:00:00Z";
const record = {
  first_kept_index: 2,
  summary: "S",
  tokens_before: 7000,
  tokens_after: 1500,
  model: "gpt-4o",
  trigger: "auto",
  timestamp: T,
  message_count: 3,
};

describe("transcript: compaction and thinking", () => {
  it("shows a dimmed notice before and a line with the tokens after a compaction", () => {
    let state = applyEvent(emptyTranscript, {
      type: "compaction_start",
      trigger: "auto",
      reason: "threshold",
      tokensBefore: 7000,
      contextWindow: 8000,
    });
    state = applyEvent(state, { type: "compaction_end", record, contextWindow: 8000 });
    expect(state.items).toEqual([
      expect.objectContaining({
        kind: "info",
        tone: "dim",
        text: expect.stringMatching(
          /^Compacting the conversation \(auto: the context window is nearly full\).*7,000 \(88%\) of 8,000/,
        ),
      }),
      expect.objectContaining({
        kind: "info",
        text: expect.stringMatching(
          /^Compacted the conversation \(auto\): 7,000 \(88%\) -> 1,500 \(19%\) tokens of a 8,000-token window, the latest 1 message kept word for word/,
        ),
      }),
    ]);
  });

  it("shows thinking dimmed before the answer", () => {
    const state = applyEvent(emptyTranscript, {
      type: "message",
      message: {
        role: "assistant",
        content: [{ type: "text", text: "Answer." }],
        thinking: [{ type: "thinking", thinking: "Let me think.", signature: "sig" }],
        timestamp: T,
      },
    });
    expect(
      state.items.map((i) => [i.kind, "tone" in i ? i.tone : undefined, "text" in i ? i.text : ""]),
    ).toEqual([
      ["info", "dim", "✻ Thinking\nLet me think."],
      ["assistant", undefined, "Answer."],
    ]);
  });

  it("a resumed compacted session shows a line for the summarized part, then the kept messages", () => {
    const data: SessionData = {
      id: "20240101_120000",
      working_dir: "/w",
      model: "gpt-4o",
      created_at: T,
      updated_at: T,
      metadata: {},
      messages: [
        { role: "user", content: "old question", timestamp: T },
        { role: "assistant", content: [{ type: "text", text: "old answer" }], timestamp: T },
        { role: "user", content: "new question", timestamp: T },
      ],
      compactions: [record],
    };
    const items = itemsForResume(data);
    expect(items[0]).toMatchObject({
      kind: "info",
      text: expect.stringMatching(/^… 2 earlier messages summarized/),
    });
    // The kept part starts at the new question (it has no answer yet, so it is also marked failed).
    expect(items[1]).toEqual({ kind: "user", text: "new question" });
    expect(items.map((i) => (i.kind === "info" ? i.text : i.kind)).join("\n")).not.toContain("old");
  });
});
