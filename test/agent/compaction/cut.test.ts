// A cut never separates a tool call from its result: property test over random conversations
// (seeded, reproducible: AGENIX_CUT_SEED replays one), plus the cut's other promises.
import { describe, expect, it } from "vitest";
import { chooseCut } from "../../../src/agent/compaction/cut.js";
import { messagesTokens } from "../../../src/agent/compaction/estimate.js";
import type { Message } from "../../../src/messages/types.js";
import { prng } from "../../support/prng.js";
import { assertValidHistory } from "../fakes.js";

const T = "2024-01-01T12:00:00Z";

/** A random valid conversation: user turns, each with 0-4 model steps of 0-3 tool calls. */
function conversation(random: () => number): Message[] {
  const text = (max: number) => "x".repeat(Math.floor(random() * max));
  const messages: Message[] = [];
  let id = 0;
  const turns = 1 + Math.floor(random() * 12);
  for (let t = 0; t < turns; t++) {
    messages.push({ role: "user", content: `u${t} ${text(3000)}`, timestamp: T });
    const steps = Math.floor(random() * 5);
    for (let s = 0; s < steps; s++) {
      const calls = Array.from({ length: Math.floor(random() * 4) }, () => ({
        id: `call_${id++}`,
        name: "bash",
        arguments: { command: text(200) },
      }));
      messages.push({
        role: "assistant",
        content: [{ type: "text", text: text(500) }],
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
        timestamp: T,
      });
      for (const c of calls)
        messages.push({
          role: "tool",
          tool_call_id: c.id,
          name: "bash",
          content: text(8000),
          is_error: false,
          timestamp: T,
        });
    }
    messages.push({ role: "assistant", content: [{ type: "text", text: `a${t}` }], timestamp: T });
  }
  return messages;
}

const seed = Number(process.env.AGENIX_CUT_SEED ?? 20261201);

describe("chooseCut", () => {
  it(`never separates a tool call from its result (2,000 random conversations, seed ${seed})`, () => {
    const random = prng(seed);
    let cuts = 0;
    for (let n = 0; n < 2000; n++) {
      const messages = conversation(random);
      const from = Math.floor(random() * messages.length);
      const keep = Math.floor(random() * 6000);
      const cut = chooseCut(messages, from, keep);
      if (cut === undefined) {
        // Only when no user message follows `from`.
        expect(
          messages.slice(from + 1).some((m) => m.role === "user"),
          `seed ${seed} case ${n}`,
        ).toBe(false);
        continue;
      }
      cuts++;
      expect(cut, `seed ${seed} case ${n}`).toBeGreaterThan(from);
      expect(messages[cut]!.role).toBe("user");
      // What is sent after the cut, and what is summarized before it, are both valid on their own.
      expect(() => assertValidHistory(messages.slice(cut))).not.toThrow();
      expect(() => assertValidHistory(messages.slice(from, cut))).not.toThrow();
      // Keeps as much as fits: the previous user boundary would exceed `keep` (unless cut is the only one).
      const earlier = messages.slice(from + 1, cut).map((m, i) => (m.role === "user" ? from + 1 + i : -1));
      const previous = Math.max(...earlier, -1);
      if (messagesTokens(messages, cut) <= keep && previous > from)
        expect(messagesTokens(messages, previous)).toBeGreaterThan(keep);
    }
    expect(cuts).toBeGreaterThan(1000);
  });

  it("keeps at least the latest user message and what follows, even over the budget", () => {
    const messages: Message[] = [
      { role: "user", content: "old", timestamp: T },
      { role: "assistant", content: [{ type: "text", text: "ok" }], timestamp: T },
      { role: "user", content: "y".repeat(100_000), timestamp: T },
    ];
    expect(chooseCut(messages, 0, 10)).toBe(2);
    expect(chooseCut(messages, 2, 10)).toBeUndefined();
  });
});
