// Streaming a long answer must cost in proportion to its length: finished blocks are printed once
// (Ink <Static>), only the unfinished tail is redrawn, and only its last lines. Measured as the
// characters Ink writes over the whole stream (not time): redrawing the whole answer per delta was
// quadratic (540 KB took 22 s interactively).
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { Transcript } from "../../src/cli/interactive/components/Transcript.js";
import { appendDelta, freshScan, visibleTail } from "../../src/cli/interactive/streaming-blocks.js";
import {
  applyEvent,
  emptyTranscript,
  type TranscriptState,
} from "../../src/cli/interactive/transcript-state.js";
import type { UiEvent } from "../../src/cli/interactive/types.js";

function answer(paragraphs: number): string {
  const parts: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    parts.push(
      i % 10 === 5
        ? `\`\`\`ts\nconst a${i} = 1;\n\nconst b${i} = 2;\n\`\`\``
        : `Paragraph ${i}: ${"words and more words ".repeat(8).trim()}.`,
    );
  }
  return parts.join("\n\n");
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * Streams `text` through the reducer and the real component and returns the characters of the live
 * region summed over every delta: what Ink redraws. (Finished items go to <Static>, which Ink prints
 * once; they are left out here because the test renderer, in debug mode, repeats them every frame.)
 */
function streamThroughInk(text: string): { written: number; state: TranscriptState } {
  let state = emptyTranscript;
  const live = (s: TranscriptState) => (
    <Transcript state={{ ...s, items: [] }} width={80} epoch={0} liveLines={10} />
  );
  const view = render(live(state));
  let written = 0;
  for (const delta of chunks(text, 128)) {
    state = applyEvent(state, { type: "text_delta", text: delta } as UiEvent);
    view.rerender(live(state));
    written += (view.lastFrame() ?? "").length;
  }
  view.unmount();
  return { written, state };
}

describe("streaming an answer", () => {
  it("writes a number of characters linear in the answer's length", () => {
    const small = answer(50);
    const large = answer(200);
    const a = streamThroughInk(small);
    const b = streamThroughInk(large);
    // Linear: 4x the text costs about 4x the redraws. Redrawing the whole answer cost ~16x.
    const growth = b.written / a.written;
    console.log(
      `streamed ${small.length} -> ${large.length} chars: Ink wrote ${a.written} -> ${b.written} (x${growth.toFixed(1)})`,
    );
    expect(growth).toBeLessThan(6);
    expect(b.written).toBeLessThan(large.length * 12);
  });

  it("prints each finished block once and the final message adds only the unfinished tail", () => {
    const text = "First paragraph.\n\n```js\nconst x = 1;\n\nconst y = 2;\n```\n\nLast line";
    let state = emptyTranscript;
    for (const delta of chunks(text, 5))
      state = applyEvent(state, { type: "text_delta", text: delta } as UiEvent);
    expect(state.items.map((i) => (i.kind === "assistant" ? i.text : i.kind))).toEqual([
      "First paragraph.",
      "```js\nconst x = 1;\n\nconst y = 2;\n```",
    ]);
    expect(state.streaming).toBe("Last line");
    state = applyEvent(state, {
      type: "message",
      message: { role: "assistant", content: [{ type: "text", text }], timestamp: "t" },
    } as UiEvent);
    expect(state.items.map((i) => (i.kind === "assistant" ? i.text : i.kind))).toEqual([
      "First paragraph.",
      "```js\nconst x = 1;\n\nconst y = 2;\n```",
      "Last line",
    ]);
    expect(state.streaming).toBe("");
  });

  it("shows only the last lines of the tail", () => {
    expect(visibleTail("a\nb\nc\nd", 2, 80)).toBe("c\nd");
    expect(visibleTail("a\nb\n", 5, 80)).toBe("a\nb\n");
    expect(visibleTail("x".repeat(1000), 2, 10)).toBe("x".repeat(20));
    const { block, tail, scan } = appendDelta("", freshScan, "one\n\ntwo");
    expect([block, tail, scan.committed]).toEqual(["one", "two", true]);
  });
});
