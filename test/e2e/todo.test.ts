// The todo list through the built binary: print mode writes it to stderr when it changes, `sessions
// show` and the HTML export render it from the session file (the export checked in Chromium: done
// items struck through), settings tools.todo turns the tool off per model.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPage } from "../support/chromium.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const run = (args: string[]) => runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });

const plan = (read: string, test: string, docs = "pending") => ({
  todos: [
    { content: "Read the code", status: read, activeForm: "Reading the code" },
    { content: "Run the tests", status: test, activeForm: "Running the tests" },
    { content: "Update the docs", status: docs },
  ],
});

function scriptPlan(): void {
  const call = (id: string, args: Record<string, unknown>) => ({
    text: "",
    toolCalls: [{ id, name: "todo_write", arguments: args }],
  });
  server.push(
    call("t1", plan("in_progress", "pending")),
    call("t2", plan("in_progress", "pending")), // unchanged: not printed again
    call("t3", plan("completed", "in_progress")),
    { text: "Done." },
  );
}

describe("todo_write", () => {
  it("print mode shows the list on stderr each time it changes; the tool is offered and runs in plan mode", async () => {
    scriptPlan();
    const result = await run(["plan it", "--permission-mode", "plan"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("Done.\n");
    const first = "    [>] Read the code\n    [ ] Run the tests\n    [ ] Update the docs\n";
    const third = "    [x] Read the code\n    [>] Run the tests\n    [ ] Update the docs\n";
    expect(result.stderr).toContain(`⏺ todo_write(3 tasks)\n  ⎿ 0/3 done\n${first}`);
    expect(result.stderr).toContain(`⏺ todo_write(3 tasks)\n  ⎿ 1/3 done\n${third}`);
    expect(result.stderr.split(first)).toHaveLength(2); // the unchanged second call printed no list
    const offered = server.requests[0]!.body.tools.map(
      (t: { function: { name: string } }) => t.function.name,
    );
    expect(offered).toContain("todo_write");
    expect(offered).toContain("web_fetch");
    // The model's result for each call.
    const results = server.requests[3]!.body.messages.filter((m: { role: string }) => m.role === "tool");
    expect(results.at(-1).content).toBe(
      "Todo list updated: 3 tasks (1 completed, 1 in progress, 1 pending). Keep it current as you work.",
    );
  });

  it("sessions show and the HTML export render the list (Chromium: done items struck through)", async () => {
    scriptPlan();
    const result = await run(["plan it"]);
    const id = sessionIdFrom(result.stderr);
    const shown = await run(["sessions", "show", id]);
    expect(shown.stdout).toContain(
      "⏺ todo_write (1/3 done)\n  [x] Read the code\n  [>] Run the tests\n  [ ] Update the docs",
    );
    const file = path.join(home.home, "session.html");
    const exported = await run(["sessions", "export", id, "--format", "html", "--output", file]);
    expect(exported.code, exported.stderr).toBe(0);
    const page = await checkPage(file, {
      screenshot: path.join(home.home, "session.png"),
      evaluate: [
        "document.querySelector('section.todo-now h2').textContent",
        "[...document.querySelectorAll('section.todo-now li')].map(li => li.className + ':' + li.textContent)",
        "getComputedStyle(document.querySelector('section.todo-now li.completed s')).textDecorationLine",
        "document.querySelectorAll('details.tool.todo').length",
      ],
    });
    expect(page.consoleErrors).toEqual([]);
    expect(page.requests).toEqual([]);
    const [heading, items, decoration, calls] = page.values;
    expect(heading).toBe("Todo list · 1/3 done");
    expect(items).toEqual([
      "todo completed:✔Read the code",
      "todo in_progress:◼Run the tests",
      "todo pending:◻Update the docs",
    ]);
    expect(decoration).toBe("line-through");
    expect(calls).toBe(3);
  }, 60_000);

  it("settings tools.todo leaves the tool out for models it does not list", async () => {
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ tools: { todo: ["claude-*"] } }),
    );
    server.push({ text: "ok" }, { text: "ok" });
    await run(["hi", "--model", "gpt-4o"]);
    const names = (i: number) =>
      server.requests[i]!.body.tools.map((t: { function: { name: string } }) => t.function.name);
    expect(names(0)).not.toContain("todo_write");
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ tools: { todo: ["gpt-4*"] } }),
    );
    await run(["hi", "--model", "gpt-4o"]);
    expect(names(1)).toContain("todo_write");
  });
});
