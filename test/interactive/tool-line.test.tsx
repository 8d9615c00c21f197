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

describe("ToolLine: a command's output", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

  it("shows the last 5 lines and how many earlier ones are hidden", () => {
    const tool: ToolItem = { ...base, status: "done", summary: "12 lines", output: lines(12) };
    const view = render(<ToolLine tool={tool} />);
    expect(view.lastFrame()).toBe(
      [
        "⏺ bash(sleep 30)",
        "  ⎿ 12 lines",
        "    … 7 earlier lines (Ctrl+O to expand)",
        "    line 8",
        "    line 9",
        "    line 10",
        "    line 11",
        "    line 12",
      ].join("\n"),
    );
  });

  it("on failure up to 10 lines, without the tool's own `Exit code` line; a short output whole", () => {
    const tool: ToolItem = {
      ...base,
      status: "error",
      summary: "Exit code 1",
      output: `${lines(30)}\nExit code: 1`,
    };
    const frame = render(<ToolLine tool={tool} />).lastFrame()!;
    expect(frame).toContain("… 20 earlier lines (Ctrl+O to expand)");
    expect(frame).toContain("line 21");
    expect(frame).toContain("line 30");
    expect(frame).not.toContain("line 20\n");
    expect(frame).not.toContain("Exit code: 1");
    const short = render(
      <ToolLine tool={{ ...base, status: "done", summary: "2 lines", output: "a\nb\n" }} />,
    );
    expect(short.lastFrame()).toBe("⏺ bash(sleep 30)\n  ⎿ 2 lines\n    a\n    b");
  });

  it("a denied command shows its denial only; other tools show no output", () => {
    const denied = render(
      <ToolLine
        tool={{ ...base, status: "error", summary: "denied", denied: "denied", output: "Denied: x" }}
      />,
    );
    expect(denied.lastFrame()).toBe("⏺ bash(sleep 30)\n  ⎿ denied");
    const read = render(
      <ToolLine tool={{ ...base, name: "read", status: "done", summary: "3 lines", output: "x\ny\nz" }} />,
    );
    expect(read.lastFrame()).toBe("⏺ read(sleep 30)\n  ⎿ 3 lines");
  });
});
