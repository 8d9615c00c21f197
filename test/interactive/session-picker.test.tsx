import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { SessionPicker } from "../../src/cli/interactive/components/SessionPicker.js";
import type { SessionSummary } from "../../src/sessions/summary.js";
import { flush, KEY, waitFor } from "./ink-helpers.js";

function summaries(count: number): SessionSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `20240101_${String(100000 + i).padStart(6, "0")}`;
    return {
      id,
      working_dir: "/home/user/project",
      model: "gpt-4o",
      created_at: "2024-01-01T12:00:00Z",
      updated_at: "2024-01-01T12:00:00Z",
      metadata: i === 4321 ? { name: "Refactoring auth module", tags: ["refactoring"] } : {},
      message_count: 2,
      first_message: i === 777 ? "fix the flaky websocket test" : `question number ${i}`,
      path: `/sessions/${id}.json`,
    };
  });
}

const rowsOf = (frame: string) => frame.split("\n").filter((l) => /20240101_\d{6}/.test(l));

describe("SessionPicker", () => {
  it("shows only a window of rows out of 5,000 sessions, and filters by name, tag or first message", async () => {
    const chosen: string[] = [];
    const view = render(
      <SessionPicker
        sessions={summaries(5000)}
        height={8}
        onSelect={(id) => chosen.push(id)}
        onCancel={() => {}}
      />,
    );
    await flush();
    const first = view.lastFrame()!;
    expect(rowsOf(first)).toHaveLength(8);
    expect(first).toContain("5000 of 5000");

    view.stdin.write("websocket");
    await waitFor(() => view.lastFrame()?.includes("1 of 5000"), "filtered by first message");
    expect(rowsOf(view.lastFrame()!)[0]).toContain("20240101_100777");
    view.stdin.write(KEY.enter);
    expect(chosen).toEqual(["20240101_100777"]);
  });

  it("moves with the arrows and scrolls the window", async () => {
    const chosen: string[] = [];
    const view = render(
      <SessionPicker
        sessions={summaries(50)}
        height={5}
        onSelect={(id) => chosen.push(id)}
        onCancel={() => {}}
      />,
    );
    await flush();
    for (let i = 0; i < 7; i++) {
      view.stdin.write(KEY.down);
      await flush();
    }
    await waitFor(() => view.lastFrame()?.includes("❯ 20240101_100007"), "selection moved to row 8");
    expect(rowsOf(view.lastFrame()!)).toHaveLength(5);
    expect(view.lastFrame()).not.toContain("20240101_100000");
    view.stdin.write(KEY.enter);
    expect(chosen).toEqual(["20240101_100007"]);
  });

  it("filters by tag, and Esc cancels", async () => {
    let cancelled = false;
    const sessions = summaries(5000);
    const view = render(
      <SessionPicker
        sessions={sessions}
        onSelect={() => {}}
        onCancel={() => {
          cancelled = true;
        }}
      />,
    );
    await flush();
    view.stdin.write("refactoring");
    await waitFor(() => view.lastFrame()?.includes("1 of 5000"), "filtered by tag");
    expect(view.lastFrame()).toContain("Refactoring auth module");
    view.stdin.write(KEY.escape);
    await waitFor(() => cancelled, "cancel");
  });
});
