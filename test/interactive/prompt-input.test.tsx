import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { PromptInput, type PromptInputProps } from "../../src/cli/interactive/components/PromptInput.js";
import { flush, KEY, waitFor } from "./ink-helpers.js";

function setup(overrides: Partial<PromptInputProps> = {}) {
  const submitted: string[] = [];
  const exits: string[] = [];
  let interrupts = 0;
  const props: PromptInputProps = {
    active: true,
    busy: false,
    history: [],
    onSubmit: (text) => submitted.push(text),
    onInterrupt: () => {
      interrupts++;
    },
    onExitKey: (key) => exits.push(key),
    onExpand: () => {},
    ...overrides,
  };
  const view = render(<PromptInput {...props} />);
  const type = async (...chunks: string[]) => {
    for (const chunk of chunks) {
      view.stdin.write(chunk);
      await flush();
    }
  };
  return { view, type, submitted, exits, interrupts: () => interrupts };
}

describe("PromptInput", () => {
  it("edits in the middle of the line and submits on Enter", async () => {
    const { view, type, submitted } = setup();
    await flush();
    await type("helo", KEY.left, "l", KEY.right, "!", KEY.backspace, " world");
    await waitFor(() => view.lastFrame()?.includes("hello world"), "edited text");
    await type(KEY.enter);
    expect(submitted).toEqual(["hello world"]);
    expect(view.lastFrame()).not.toContain("hello world");
  });

  it("a trailing backslash then Enter starts a new line instead of sending", async () => {
    const { view, type, submitted } = setup();
    await flush();
    await type("first \\", KEY.enter, "second");
    // Wait for the frame rather than expect it among the frames: Ink throttles renders under load.
    await waitFor(() => {
      const f = view.lastFrame() ?? "";
      return f.includes("first") && f.includes("  second");
    }, "two-line prompt");
    expect(submitted).toEqual([]);
    await type(KEY.enter);
    expect(submitted).toEqual(["first \nsecond"]);
  });

  it("a pasted block keeps its newlines and is not sent until Enter", async () => {
    const { view, type, submitted } = setup();
    await flush();
    const paste = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\r");
    await type(paste);
    expect(submitted).toEqual([]);
    await waitFor(() => view.lastFrame()?.includes("more lines above"), "collapsed long input");
    expect(view.lastFrame()).toContain("line 40");
    await type(KEY.enter);
    expect(submitted[0]!.split("\n")).toHaveLength(40);
  });

  it("Up and Down walk the history and come back to the draft", async () => {
    const { view, type, submitted } = setup({ history: ["older question", "newer question"] });
    await flush();
    await type("draft", KEY.up);
    await waitFor(() => view.lastFrame()?.includes("newer question"), "newest entry");
    await type(KEY.up);
    await waitFor(() => view.lastFrame()?.includes("older question"), "older entry");
    await type(KEY.down, KEY.down);
    await waitFor(() => view.lastFrame()?.includes("draft"), "draft back");
    await type(KEY.up, KEY.up, KEY.enter);
    expect(submitted).toEqual(["older question"]);
  });

  it("Tab completes a slash command, or lists the candidates", async () => {
    const { view, type } = setup();
    await flush();
    await type("/ses", KEY.tab, "x");
    await waitFor(() => view.lastFrame()?.includes("/sessions x"), "completed /sessions plus a space");
    await type(KEY.ctrlC, "/n", KEY.tab);
    await waitFor(() => view.lastFrame()?.includes("/new  /name"), "candidates for /n");
  });

  it("text and a Tab that arrive in one chunk (typed while busy) still complete", async () => {
    const { view, type } = setup();
    await flush();
    await type(`/ses${KEY.tab}`, "x");
    await waitFor(() => view.lastFrame()?.includes("/sessions x"), "completed /sessions plus a space");
  });

  it("Shift+Tab asks for the next permission mode", async () => {
    let cycles = 0;
    const { type } = setup({ onCycleMode: () => cycles++ });
    await flush();
    await type("\u001b[Z", "\u001b[Z");
    expect(cycles).toBe(2);
  });

  it("Ctrl-C clears a non-empty prompt, asks to exit on an empty one, and interrupts while busy", async () => {
    const idle = setup();
    await flush();
    await idle.type("some text", KEY.ctrlC);
    expect(idle.exits).toEqual([]);
    await idle.type(KEY.ctrlC, KEY.ctrlD);
    expect(idle.exits).toEqual(["ctrl-c", "ctrl-d"]);

    const busy = setup({ busy: true });
    await flush();
    await busy.type(KEY.escape);
    await busy.type(KEY.ctrlC);
    await waitFor(() => busy.interrupts() === 2, "two interrupts");
    expect(busy.exits).toEqual([]);
  });
});
