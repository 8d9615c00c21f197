// The prompt's key handling without a terminal: keys in, buffer and calls to the app out.
import { describe, expect, it } from "vitest";
import {
  PromptController,
  type PromptKey,
  type PromptOptions,
} from "../../src/cli/interactive/prompt-controller.js";

const NO_KEY: PromptKey = {
  ctrl: false,
  meta: false,
  shift: false,
  escape: false,
  return: false,
  tab: false,
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  backspace: false,
  delete: false,
};

function setup(overrides: Partial<PromptOptions> = {}) {
  const calls: string[] = [];
  const options: PromptOptions = {
    active: true,
    busy: false,
    history: [],
    onSubmit: (text) => calls.push(`submit ${text}`),
    onInterrupt: () => calls.push("interrupt"),
    onExitKey: (key) => calls.push(`exit ${key}`),
    onExpand: () => calls.push("expand"),
    ...overrides,
  };
  const prompt = new PromptController(() => options);
  const key = (input: string, key: Partial<PromptKey> = {}) => prompt.handle(input, { ...NO_KEY, ...key });
  const type = (text: string) => {
    for (const ch of text) key(ch);
  };
  const text = () => prompt.getState().buffer.text;
  return { prompt, options, key, type, text, calls };
}

describe("PromptController", () => {
  it("edits and submits on Enter; the prompt is empty again", () => {
    const { key, type, text, calls } = setup();
    type("helo");
    key("", { leftArrow: true });
    type("l");
    expect(text()).toBe("hello");
    key("\r", { return: true });
    expect(calls).toEqual(["submit hello"]);
    expect(text()).toBe("");
  });

  it("Shift+Enter and a trailing backslash make a new line instead of submitting", () => {
    const { key, type, text, calls } = setup();
    type("a");
    key("\r", { return: true, shift: true });
    type("b\\");
    key("\r", { return: true });
    expect(text()).toBe("a\nb\n");
    expect(calls).toEqual([]);
  });

  it("Up and Down browse the history and come back to the draft", () => {
    const { key, type, text } = setup({ history: ["first", "second"] });
    type("draft");
    key("", { upArrow: true });
    expect(text()).toBe("second");
    key("", { upArrow: true });
    expect(text()).toBe("first");
    key("", { downArrow: true });
    key("", { downArrow: true });
    expect(text()).toBe("draft");
  });

  it("Ctrl-C: interrupts while busy, clears typed text, and on an empty prompt is an exit key", () => {
    const busy = setup({ busy: true });
    busy.key("c", { ctrl: true });
    expect(busy.calls).toEqual(["interrupt"]);
    const idle = setup();
    idle.type("x");
    idle.key("c", { ctrl: true });
    expect(idle.text()).toBe("");
    idle.key("c", { ctrl: true });
    expect(idle.calls).toEqual(["exit ctrl-c"]);
  });

  it("Esc goes to the app's onEscape when given, else interrupts a running turn", () => {
    const escapes: string[] = [];
    const withEscape = setup({ busy: true, onEscape: () => escapes.push("esc") });
    withEscape.key("", { escape: true });
    expect(escapes).toEqual(["esc"]);
    expect(withEscape.calls).toEqual([]);
    const plain = setup({ busy: true });
    plain.key("", { escape: true });
    expect(plain.calls).toEqual(["interrupt"]);
  });

  it("keys while inactive (a picker is open) change nothing", () => {
    const { options, key, type, text, calls } = setup();
    options.active = false;
    type("abc");
    key("\r", { return: true });
    expect(text()).toBe("");
    expect(calls).toEqual([]);
  });

  it("a bracketed paste is text: its Enters are new lines, not a submit", () => {
    const { key, text, calls } = setup();
    key("[200~");
    key("line one");
    key("\r", { return: true });
    key("line two");
    key("[201~");
    expect(text()).toBe("line one\nline two");
    expect(calls).toEqual([]);
  });

  it("keys that arrive together with a trailing Enter are typed, then submitted", () => {
    const { key, calls } = setup();
    key("npm test\r");
    expect(calls).toEqual(["submit npm test"]);
  });

  it("Up on an empty prompt takes back the last queued message first", () => {
    const { key, text } = setup({ queued: ["queued one"], takeQueued: () => "queued one", history: ["old"] });
    key("", { upArrow: true });
    expect(text()).toBe("queued one");
  });

  it("Tab completes a command, and @ a project file, with the candidates shown when several match", () => {
    const { prompt, key, type, text } = setup({
      files: () => ["src/app.ts", "src/apple.ts", "README.md"],
    });
    type("/he");
    key("\t", { tab: true });
    expect(text()).toBe("/help ");
    key("u", { ctrl: true });
    type("look at @READ");
    key("\t", { tab: true });
    expect(text()).toBe("look at @README.md ");
    type("and @src/ap");
    key("\t", { tab: true });
    expect(prompt.getState().candidates).toEqual(["[src/app.ts]", "src/apple.ts"]);
    key("\t", { tab: true });
    expect(prompt.getState().candidates).toEqual(["src/app.ts", "[src/apple.ts]"]);
    expect(text()).toBe("look at @README.md and @src/apple.ts");
  });

  it("Shift+Tab cycles the mode, Ctrl+O expands, Enter on an empty prompt goes to the app", () => {
    const calls: string[] = [];
    const { key } = setup({
      onCycleMode: () => calls.push("mode"),
      onEmptyEnter: () => calls.push("empty enter"),
      onExpand: () => calls.push("expand"),
    });
    key("", { tab: true, shift: true });
    key("o", { ctrl: true });
    key("\r", { return: true });
    expect(calls).toEqual(["mode", "expand", "empty enter"]);
  });

  it("fill puts text in the prompt (a rewound message)", () => {
    const { prompt, text } = setup();
    prompt.fill("again");
    expect(text()).toBe("again");
  });
});
