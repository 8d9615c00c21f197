// The approval box on its own (ink-testing-library): what it shows and how each key answers;
// the queue that connects it to the permission check; the /permissions listing; denial lines.
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { ApprovalQueue } from "../../src/cli/interactive/approvals.js";
import { ApprovalBox } from "../../src/cli/interactive/components/ApprovalBox.js";
import { permissionsCommand } from "../../src/cli/interactive/permissions-command.js";
import { applyEvent, emptyTranscript } from "../../src/cli/interactive/transcript-state.js";
import type { ApprovalAnswer, ApprovalRequest } from "../../src/permissions/gate.js";
import { parseRule } from "../../src/permissions/rules.js";
import type { PermissionMode } from "../../src/permissions/types.js";
import { flush, KEY, waitFor } from "./ink-helpers.js";

function request(name: string, args: Record<string, unknown>, suggestions: string[] = []): ApprovalRequest {
  return {
    call: { id: "c1", name, arguments: args },
    label: `${name}(...)`,
    decision: { behavior: "ask", reason: "needs your approval", suggestions },
    signal: new AbortController().signal,
  };
}

async function answerWith(
  keys: string[],
  req = request("bash", { command: "npm test" }, ["bash(npm test *)"]),
) {
  const answers: ApprovalAnswer[] = [];
  let interrupted = 0;
  const view = render(
    <ApprovalBox request={req} onAnswer={(a) => answers.push(a)} onInterrupt={() => interrupted++} />,
  );
  await flush();
  for (const key of keys) {
    view.stdin.write(key);
    await flush();
  }
  const frame = view.lastFrame()!;
  view.unmount();
  return { answers, interrupted, frame };
}

describe("ApprovalBox", () => {
  it("shows the full command and the three choices with the proposed rule", async () => {
    const { frame } = await answerWith([]);
    expect(frame).toContain("Allow bash?");
    expect(frame).toContain("$ npm test");
    expect(frame).toContain("1/y: Yes, once");
    expect(frame).toContain("2/a: Yes, and don't ask again for bash(npm test *)");
    expect(frame).toContain("3/n/Esc: No");
  });

  it.each([
    [["y"], { behavior: "allow" }],
    [["1"], { behavior: "allow" }],
    [["a"], { behavior: "allow", remember: true }],
    [["2"], { behavior: "allow", remember: true }],
    [[KEY.escape], { behavior: "deny" }],
    [["n", "too risky", KEY.enter], { behavior: "deny", reason: "too risky" }],
    [["3", KEY.enter], { behavior: "deny", reason: undefined }],
    [["n", "abc", KEY.escape], { behavior: "deny" }],
  ])("keys %j answer %j", async (keys, expected) => {
    const { answers } = await answerWith(keys as string[]);
    expect(answers).toEqual([expected]);
  });

  it("offers no 'don't ask again' when no rule can allow the call; 2 does nothing then", async () => {
    const req = request("bash", { command: "echo $(whoami)" });
    const { answers, frame } = await answerWith(["2"], req);
    expect(frame).not.toContain("don't ask again");
    expect(answers).toEqual([]);
  });

  it("Ctrl-C interrupts instead of answering", async () => {
    const { answers, interrupted } = await answerWith([KEY.ctrlC]);
    expect(answers).toEqual([]);
    expect(interrupted).toBe(1);
  });

  it("an edit shows the removed and added lines; a write the new file's head", async () => {
    let { frame } = await answerWith(
      [],
      request("edit", { file_path: "a.ts", old_string: "old line", new_string: "new line" }),
    );
    expect(frame).toContain("a.ts");
    expect(frame).toContain("- old line");
    expect(frame).toContain("+ new line");
    const content = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    ({ frame } = await answerWith([], request("write", { file_path: "b.txt", content })));
    expect(frame).toContain("b.txt (30 lines)");
    expect(frame).toContain("+ line 12");
    expect(frame).not.toContain("+ line 13");
    expect(frame).toContain("… 18 more lines");
    // The final newline of a file is not a line of its own.
    ({ frame } = await answerWith([], request("write", { file_path: "c.txt", content: "one\ntwo\n" })));
    expect(frame).toContain("c.txt (2 lines)");
    expect(frame).not.toMatch(/\+ *\n/);
    ({ frame } = await answerWith([], request("write", { file_path: "d.txt", content: "only\n" })));
    expect(frame).toContain("d.txt (1 line)");
  });
});

describe("ApprovalQueue", () => {
  it("holds one question until answered; an abort answers no", async () => {
    const queue = new ApprovalQueue();
    let changes = 0;
    queue.subscribe(() => changes++);
    const first = queue.ask(request("bash", { command: "a" }));
    expect(queue.current()?.call.arguments).toEqual({ command: "a" });
    queue.answer({ behavior: "allow" });
    expect(await first).toEqual({ behavior: "allow" });
    expect(queue.current()).toBeUndefined();

    const controller = new AbortController();
    const second = queue.ask({ ...request("bash", { command: "b" }), signal: controller.signal });
    controller.abort();
    expect(await second).toEqual({ behavior: "deny", reason: "interrupted" });
    expect(changes).toBe(4);
    await waitFor(() => queue.current() === undefined, "the queue is empty");
  });

  it("asks two questions one after the other; an abort withdraws a waiting one", async () => {
    const queue = new ApprovalQueue();
    const controller = new AbortController();
    const first = queue.ask(request("bash", { command: "a" }));
    const second = queue.ask({ ...request("bash", { command: "b" }), signal: controller.signal });
    const third = queue.ask(request("bash", { command: "c" }));
    controller.abort();
    expect(await second).toEqual({ behavior: "deny", reason: "interrupted" });
    expect(queue.current()?.call.arguments).toEqual({ command: "a" });
    queue.answer({ behavior: "allow" });
    expect(await first).toEqual({ behavior: "allow" });
    expect(queue.current()?.call.arguments).toEqual({ command: "c" });
    queue.answer({ behavior: "deny" });
    expect(await third).toEqual({ behavior: "deny" });
  });
});

describe("/permissions and denial lines", () => {
  it("lists the mode and every rule with its source; switches mode", () => {
    let mode: PermissionMode = "default";
    const view = {
      get mode() {
        return mode;
      },
      setMode: (m: PermissionMode) => {
        mode = m;
      },
      listRules: () => [
        parseRule("bash(npm test *)", "allow", "approved"),
        parseRule("bash(rm *)", "deny", "flag"),
        parseRule("edit(src/**)", "allow", "project"),
        parseRule("bash(git push *)", "ask", "user"),
      ],
    };
    const out = permissionsCommand(view, []).output!;
    expect(out).toContain("Permission mode: default");
    expect(out.split("\n").filter((l) => l.startsWith("  ") && /allow|deny|ask/.test(l.slice(2, 7)))).toEqual(
      [
        "  deny   bash(rm *)        flag",
        "  ask    bash(git push *)  user settings",
        "  allow  bash(npm test *)  remembered (~/.agenix/approvals.json)",
        "  allow  edit(src/**)      project settings",
      ],
    );
    expect(permissionsCommand(view, ["yolo"]).output).toContain("Permission mode: yolo");
    expect(mode).toBe("yolo");
    expect(permissionsCommand(view, ["fast"]).tone).toBe("error");
  });

  it("a denied call's line in the transcript says why", () => {
    const call = { id: "c1", name: "bash", arguments: { command: "curl -s x" } };
    let state = applyEvent(emptyTranscript, { type: "tool_call", call });
    state = applyEvent(state, {
      type: "tool_denied",
      call,
      denial: {
        tool: "bash",
        input: call.arguments,
        rule: null,
        reason: "r",
        allowWith: [],
        byUser: true,
        userReason: "offline",
      },
    });
    state = applyEvent(state, {
      type: "tool_result",
      call,
      summary: "denied",
      message: {
        role: "tool",
        tool_call_id: "c1",
        name: "bash",
        content: "Permission denied",
        is_error: true,
        timestamp: "2024-01-01T00:00:00Z",
      },
    });
    expect(state.items.at(-1)).toMatchObject({
      status: "error",
      summary: "Denied: bash(curl -s x) (you said no: offline)",
    });
  });
});
