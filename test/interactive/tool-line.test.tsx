import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { ToolLine } from "../../src/cli/interactive/components/ToolLine.js";
import type { ToolItem } from "../../src/cli/interactive/transcript-state.js";

const base: ToolItem = {
  kind: "tool",
  id: "c1",
  name: "bash",
  args: "sleep 30",
  status: "running",
  startedAt: 1_000,
};

describe("ToolLine", () => {
  it("while running: the call, a spinner and the elapsed seconds", () => {
    const view = render(<ToolLine tool={base} now={() => 4_500} />);
    const frame = view.lastFrame()!;
    expect(frame).toMatch(/⏺ bash\(sleep 30\) [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] 3s/);
    expect(frame).not.toContain("⎿");
    view.unmount();
  });

  it("when done: the call, then the one-line summary", () => {
    const view = render(<ToolLine tool={{ ...base, status: "done", summary: "12 lines" }} />);
    expect(view.lastFrame()).toBe("⏺ bash(sleep 30)\n  ⎿ 12 lines");
  });

  it("on error: the summary (e.g. the exit code)", () => {
    const view = render(<ToolLine tool={{ ...base, status: "error", summary: "Exit code 1" }} />);
    expect(view.lastFrame()).toContain("⎿ Exit code 1");
  });
});
