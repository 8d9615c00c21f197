// The real binary under tmux: the todo list live under the spinner (done items struck through, the
// task in progress in its "-ing" form), and web_fetch's approval box (no: nothing fetched; yes and
// don't ask again: fetched, and the domain rule saved).
import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../src/permissions/decide-fetch.js";
import type { ScriptedReply } from "../support/llm-server.js";
import { startWebServer, type WebServer } from "../support/web-server.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let web: WebServer | undefined;
afterEach(async () => {
  await web?.close();
  web = undefined;
});

type ToolMessage = { content: string; is_error: boolean; name: string };

/** The session's tool messages once it holds `count` (the file may be mid-append when polled). */
async function toolMessages(count: number): Promise<ToolMessage[]> {
  let found: ToolMessage[] = [];
  await waitUntil(() => {
    const [file] = tmux.sessionFiles();
    try {
      found = file
        ? JSON.parse(readFileSync(file, "utf8")).messages.filter((m: { role: string }) => m.role === "tool")
        : [];
    } catch {
      return false; // caught between the bytes of an append
    }
    return found.length >= count;
  }, `${count} tool messages saved`);
  return found;
}

async function start(replies: ScriptedReply[], color = false) {
  const { home } = await tmux.setup(replies);
  if (color) delete home.env.NO_COLOR;
  const pane = tmux.open();
  await pane.waitFor("/help for commands");
  return { pane, home };
}

describe("todo list and web_fetch in tmux", () => {
  it("shows the todo list live under the spinner: done struck through, the current task in its -ing form", async () => {
    const todos = [
      { content: "Read the code", status: "completed", activeForm: "Reading the code" },
      { content: "Run the tests", status: "in_progress", activeForm: "Running the tests" },
      { content: "Update the docs", status: "pending" },
    ];
    const { pane: p } = await start(
      [{ toolCalls: [{ id: "t1", name: "todo_write", arguments: { todos } }] }, { fault: "hang" }],
      true,
    );
    p.type("plan the work");
    p.keys("Enter");
    const screen = await p.waitFor("◻ Update the docs");
    expect(screen).toMatch(/⎿ ✔ Read the code\n\s+◼ Running the tests\n\s+◻ Update the docs/);
    expect(screen).toContain("⏺ todo_write(3 tasks)");
    // Strikethrough (SGR 9) on the done item only.
    const styled = p.styledScreen();
    const struck = (text: string) => new RegExp(`\x1b\\[[0-9;]*\\b9m(?:\x1b\\[[0-9;]*m)*${text}`);
    expect(styled).toMatch(struck("Read the code"));
    expect(styled).not.toMatch(struck("Running the tests"));
    expect(styled).not.toMatch(struck("Update the docs"));
    // Interrupted: the turn ends and the live list goes with the spinner.
    p.keys("Escape");
    await p.waitFor((s) => !s.includes("◻ Update the docs"));
  });

  it("web_fetch asks; no sends nothing; yes and don't ask again fetches and saves the domain rule", async () => {
    // This machine's own name resolves to one of its private addresses; the web server answers on all.
    const name = hostname().toLowerCase();
    const addresses = (await lookup(name, { all: true })).map((a) => a.address);
    expect(addresses.some(isPrivateAddress), `${name} -> ${addresses.join(", ")}`).toBe(true);
    web = await startWebServer("0.0.0.0");
    const url = `http://${name}:${web.port}/article`;
    const fetch = (id: string) => ({ toolCalls: [{ id, name: "web_fetch", arguments: { url } }] });
    const { pane: p, home } = await start([fetch("w1"), fetch("w2"), { text: "Read the page." }]);
    p.type("read the page");
    p.keys("Enter");
    let screen = await p.waitFor(`GET ${url}`);
    expect(screen).toContain(`Allow web_fetch? (fetching from ${name} needs your approval)`);
    expect(screen).toContain(`2/a: Yes, and don't ask again for web_fetch(domain:${name})`);
    p.keys("Escape");
    screen = await p.waitFor(
      (s) => s.split(`GET ${url}`).length === 2 && /Allow web_fetch\?/.test(s.split("Denied")[1] ?? ""),
    );
    expect(web.requests).toEqual([]);
    p.type("a");
    await p.waitFor("Read the page.");
    expect(web.requests).toEqual(["/article"]);
    const [denied, fetched] = await toolMessages(2);
    expect(denied).toMatchObject({ name: "web_fetch", is_error: true });
    expect(fetched).toMatchObject({ name: "web_fetch", is_error: false });
    expect(fetched!.content).toContain("# Parsing JSON in Python");
    const approvals = JSON.parse(readFileSync(path.join(home.home, ".agenix", "approvals.json"), "utf8"));
    expect(approvals.projects).toEqual({ [home.workDir]: { allow: [`web_fetch(domain:${name})`] } });
  });
});
