import { describe, expect, it } from "vitest";
import { mergeHooks } from "../../../src/cli/hooks/merge-hooks.js";

const cmd = (command: string, timeout?: number) => ({
  type: "command",
  command,
  ...(timeout ? { timeout } : {}),
});

describe("mergeHooks (hooks import)", () => {
  it("adds new hooks to the group with the same matcher, new matchers as new groups, and never repeats one", () => {
    const into = { PreToolUse: [{ matcher: "Bash", hooks: [cmd("a")] }] };
    const from = {
      PreToolUse: [
        { matcher: "Bash", hooks: [cmd("a"), cmd("b")] },
        { matcher: "Write", hooks: [cmd("c")] },
      ],
      Stop: [{ hooks: [cmd("d")] }],
    };
    const { hooks, added } = mergeHooks(into, from);
    expect(hooks).toEqual({
      PreToolUse: [
        { matcher: "Bash", hooks: [cmd("a"), cmd("b")] },
        { matcher: "Write", hooks: [cmd("c")] },
      ],
      Stop: [{ hooks: [cmd("d")] }],
    });
    expect(added).toEqual({
      PreToolUse: [
        { matcher: "Bash", hooks: [cmd("b")] },
        { matcher: "Write", hooks: [cmd("c")] },
      ],
      Stop: [{ matcher: "", hooks: [cmd("d")] }],
    });
    expect(into.PreToolUse[0]!.hooks).toHaveLength(1); // inputs untouched
    expect(mergeHooks(hooks, from).added).toEqual({});
  });

  it("a different timeout is a different hook", () => {
    const { added } = mergeHooks({ Stop: [{ hooks: [cmd("x")] }] }, { Stop: [{ hooks: [cmd("x", 5)] }] });
    expect(added).toEqual({ Stop: [{ matcher: "", hooks: [cmd("x", 5)] }] });
  });
});
