import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { formatStatus, StatusLine } from "../../src/cli/interactive/components/StatusLine.js";

const full = {
  model: "claude-sonnet-4-6",
  tokens: 123_456,
  cost: "$0.4821",
  sessionId: "20261206_134450_2",
  contextPercent: 37,
  mode: "accept-edits",
};

describe("the status line", () => {
  it("at 120 columns says everything", () => {
    expect(formatStatus(full, 120)).toBe(
      "claude-sonnet-4-6 · 123,456 tokens · $0.4821 · session 20261206_134450_2 · context 37% · mode: accept-edits (shift+tab)",
    );
  });

  it("at 80 columns and below it fits on one line, shortening and dropping parts by priority", () => {
    const at80 = formatStatus(full, 80);
    expect(at80.length).toBeLessThan(80);
    expect(at80).toContain("claude-sonnet-4-6");
    expect(at80).toContain("context 37%");
    expect(at80).toContain("accept-edits");
    for (const width of [80, 60, 50, 40, 30, 20]) {
      const text = formatStatus(full, width);
      expect(text.length, `${width}: ${text}`).toBeLessThan(width);
      const frame = render(<StatusLine status={full} width={width} />).lastFrame()!;
      expect(frame.split("\n"), `${width}`).toHaveLength(1);
    }
    expect(formatStatus(full, 64)).toBe("claude-sonnet-4-6 · 123,456 tok · context 37% · accept-edits");
  });
});
