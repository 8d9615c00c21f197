// The interactive app's behaviour without a terminal: a real AgentSession (buildAgentSession, a file
// store in a temp folder) talking to the scripted LLM server, driven through AppController the way
// the prompt drives it. What the user sees is checked in the state the view renders; what was sent,
// on the wire.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppController, type AppOptions } from "../../src/cli/interactive/app-controller.js";
import type { ChatSession } from "../../src/cli/interactive/types.js";
import { buildAgentSession } from "../../src/run/build-session.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempRoot, type TempRoot } from "../sessions/helpers.js";
import { type LlmServer, type ScriptedReply, startLlmServer } from "../support/llm-server.js";
import { runConfigFor } from "../support/run-config.js";
import { waitFor as waitWithin } from "./ink-helpers.js";

// The first turn loads the Markdown renderer and the attachment code: generous on a busy machine.
const waitFor = <T>(probe: () => T | undefined | false, what: string) => waitWithin(probe, what, 20_000);

let tmp: TempRoot;
let server: LlmServer;
let apps: { app: AppController; stop: () => void }[] = [];

beforeEach(async () => {
  tmp = makeTempRoot();
  mkdirSync(tmp.workDir, { recursive: true });
  server = await startLlmServer();
});
afterEach(async () => {
  for (const { stop } of apps) stop();
  apps = [];
  await server.close();
  await tmp.cleanup();
});

async function setup(options: Partial<AppOptions> = {}) {
  const manager = new SessionManager({ dir: tmp.root });
  const config = await runConfigFor({
    options: { model: "gpt-4o", baseUrl: server.openaiBaseUrl, maxTurns: 2, permissionMode: "default" },
    env: { OPENAI_API_KEY: "sk-test" },
    workingDir: tmp.workDir,
  });
  const runtime = { store: manager, tools: [] };
  const open = (sessionId?: string) => buildAgentSession({ ...config, sessionId }, runtime);
  const exits: string[] = [];
  let cleared = 0;
  const switched: (string | undefined)[] = [];
  const app = new AppController(
    {
      initial: await open(),
      source: { list: () => manager.listSessions({ workingDir: tmp.workDir }), open },
      historyFile: path.join(tmp.base, "history"),
      status: async (s) => ({ model: s.model, tokens: 0 }),
      commandContext: {},
      onSessionChange: (s: ChatSession) => switched.push(s.id),
      ...options,
    },
    { exit: () => exits.push("exit"), clearScreen: () => cleared++ },
  );
  const stop = app.start();
  apps.push({ app, stop });
  const state = () => app.getState();
  const idle = () =>
    waitFor(() => state().mode.type === "prompt" && state().turn === null, "the app to be idle");
  const texts = () => state().transcript.items.map((item) => ("text" in item ? item.text : item.kind));
  /** The user messages each request carried last, in order. */
  const sent = () =>
    server.requests
      .filter((r) => r.path.endsWith("/chat/completions"))
      .map((r) => r.body.messages.filter((m: { role: string }) => m.role === "user").at(-1)?.content);
  return { app, state, idle, texts, sent, exits, cleared: () => cleared, switched, manager };
}

const reply = (text: string, delayMs = 0): ScriptedReply => ({ text, delayMs });

describe("AppController: turns", () => {
  it("a message runs a turn: shown, sent, answered, saved, and remembered in the prompt history", async () => {
    server.push(reply("Hello back"));
    const { app, state, idle, sent, switched } = await setup();
    app.submit("hello");
    expect(state().mode.type).toBe("busy");
    expect(state().turn).not.toBeNull();
    await idle();
    expect(sent()).toEqual(["hello"]);
    const kinds = state().transcript.items.map((i) => i.kind);
    expect(kinds).toContain("user");
    expect(kinds).toContain("assistant");
    const id = state().session.id;
    expect(id).toBeDefined();
    expect(switched).toContain(id);
    expect(state().history).toEqual(["hello"]);
    expect(readFileSync(path.join(tmp.base, "history"), "utf8")).toContain("hello");
  });

  it("messages typed during a turn queue and are sent in order when it ends", async () => {
    server.push(reply("first answer", 300), reply("second answer"), reply("third answer"));
    const { app, state, idle, sent } = await setup();
    app.submit("one");
    app.submit("two");
    app.submit("three");
    expect(state().queue).toEqual(["two", "three"]);
    await waitFor(() => sent().length === 3 && state().mode.type === "prompt", "three turns");
    await idle();
    expect(sent()).toEqual(["one", "two", "three"]);
    expect(state().queue).toEqual([]);
  });

  it("Up on an empty prompt takes the last queued message back", async () => {
    server.push(reply("slow", 300), reply("after"));
    const { app, state, idle, sent } = await setup();
    app.submit("one");
    app.submit("two");
    app.submit("three");
    expect(app.takeQueued()).toBe("three");
    expect(state().queue).toEqual(["two"]);
    await waitFor(() => sent().length === 2, "the queued message");
    await idle();
    expect(sent()).toEqual(["one", "two"]);
  });

  it("Esc interrupts the turn and keeps the queue; Esc again clears it, and nothing more is sent", async () => {
    server.push({ fault: "hang" });
    const { app, state, idle, texts, sent } = await setup();
    app.submit("one");
    app.submit("two");
    app.submit("three");
    await waitFor(() => sent().length === 1, "the first request");
    app.escape();
    await idle();
    expect(state().queue).toEqual(["two", "three"]);
    expect(state().hint).toBe(
      "2 queued · Enter on an empty prompt sends · Esc again to clear 2 queued messages",
    );
    app.escape();
    expect(state().queue).toEqual([]);
    expect(state().hint).toBeUndefined();
    expect(texts()).toContain("Queue cleared (2 messages not sent).");
    expect(sent()).toEqual(["one"]);
  });

  it("after an interrupt, Enter on an empty prompt sends the next queued message", async () => {
    server.push({ fault: "hang" }, reply("two answered"));
    const { app, state, idle, sent } = await setup();
    app.submit("one");
    app.submit("two");
    await waitFor(() => sent().length === 1, "the first request");
    app.interrupt();
    await idle();
    expect(state().queue).toEqual(["two"]);
    app.emptyEnter();
    await waitFor(() => sent().length === 2, "the queued message");
    await idle();
    expect(sent()).toEqual(["one", "two"]);
  });

  it("a stop signal aborts the running turn and then exits", async () => {
    server.push({ fault: "hang" });
    const stop = new AbortController();
    const { app, sent, exits, idle } = await setup({ stop: stop.signal });
    app.submit("one");
    await waitFor(() => sent().length === 1, "the request");
    expect(exits).toEqual([]);
    stop.abort();
    await idle();
    expect(exits).toEqual(["exit"]);
  });
});

describe("AppController: keys, commands and pickers", () => {
  it("Ctrl-C asks to be pressed again; another key disarms it; Ctrl-D exits at once", async () => {
    const { app, state, exits } = await setup();
    app.exitKey("ctrl-c");
    expect(state().hint).toBe("Press Ctrl-C again to exit");
    app.activity();
    expect(state().hint).toBeUndefined();
    app.exitKey("ctrl-c");
    expect(exits).toEqual([]);
    app.exitKey("ctrl-c");
    expect(exits).toEqual(["exit"]);
    app.exitKey("ctrl-d");
    expect(exits).toEqual(["exit", "exit"]);
  });

  it("Shift+Tab cycles the session's permission mode", async () => {
    const { app, state } = await setup();
    expect(state().permissionMode).toBe("default");
    app.cycleMode();
    expect(state().permissionMode).toBe("accept-edits");
    expect(state().session.permissions?.mode).toBe("accept-edits");
  });

  it("/clear clears the screen, starts the transcript again and leaves the session file", async () => {
    server.push(reply("answer"));
    const { app, state, idle, texts, cleared } = await setup();
    app.submit("hello");
    await idle();
    const previous = state().session.id;
    app.submit("/clear");
    await waitFor(() => state().epoch === 1, "the clear");
    await idle();
    expect(cleared()).toBe(1);
    expect(texts()).toEqual([
      `Conversation cleared (screen and memory). Nothing was deleted: the previous session is kept (agenix --session ${previous}); new messages go to a new session file.`,
    ]);
    expect(state().session.id).toBeUndefined();
  });

  it("the picker at start lists the sessions; choosing one loads it", async () => {
    server.push(reply("answer"));
    const first = await setup();
    first.app.submit("earlier question");
    await first.idle();
    const id = first.state().session.id!;
    await first.state().session.close();
    const { app, state, texts } = await setup({ startWithPicker: true });
    await waitFor(() => state().mode.type === "picker", "the picker");
    const mode = state().mode;
    expect(mode.type === "picker" && mode.sessions.map((s) => s.id)).toEqual([id]);
    app.pickSession(id);
    expect(state().mode.type).toBe("prompt");
    await waitFor(() => state().session.id === id, "the loaded session");
    await waitFor(() => texts().includes("earlier question"), "the resumed conversation");
  });

  it("Esc on a picker closes it without loading anything", async () => {
    const { app, state } = await setup({ startWithPicker: true });
    await waitFor(() => state().mode.type === "picker", "the picker");
    app.closePicker();
    expect(state().mode.type).toBe("prompt");
  });

  it("a message typed while a slash command runs waits for it", async () => {
    server.push(reply("answer"));
    const { app, state, idle, sent } = await setup();
    app.submit("/new");
    app.submit("hello");
    expect(state().queue).toEqual(["hello"]);
    await waitFor(() => sent().length === 1, "the queued message");
    await idle();
    expect(sent()).toEqual(["hello"]);
  });

  it("Ctrl+O with no tool output says so", async () => {
    const { app, texts } = await setup();
    app.expand();
    expect(texts()).toEqual(["No tool output yet."]);
  });
});
