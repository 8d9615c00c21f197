import { describe, expect, it } from "vitest";
import {
  completeCommand,
  completeInput,
  formatSessionList,
  parseCommand,
  runCommand,
} from "../../src/cli/interactive/commands.js";
import type { ChatSession } from "../../src/cli/interactive/types.js";
import type { SessionData } from "../../src/messages/types.js";
import type { SessionSummary } from "../../src/sessions/summary.js";

function summary(id: string, created: string, extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    working_dir: "/p",
    model: "gpt-4o",
    created_at: created,
    updated_at: created,
    metadata: {},
    message_count: 0,
    path: `/s/${id}.json`,
    ...extra,
  };
}

/** A session stand-in recording what the commands asked of it. */
function fakeSession(id: string | undefined) {
  const data: SessionData = {
    id: id ?? "",
    working_dir: "/p",
    model: "gpt-4o",
    created_at: "2024-01-01T12:00:00Z",
    updated_at: "2024-01-01T12:00:00Z",
    metadata: { tags: ["old"] },
    messages: [],
  };
  const calls: unknown[] = [];
  const session: ChatSession = {
    id,
    model: "gpt-4o",
    workingDir: "/p",
    stream: () => (async function* () {})(),
    getMessages: () => data.messages,
    getData: () => data,
    clearMessages: () => calls.push("clear"),
    setModel: (m) => calls.push({ model: m }),
    setMetadata: (m) => {
      calls.push(m);
      Object.assign(data.metadata, m);
    },
    close: () => {},
  };
  return { session, calls };
}

const list = async () => [
  summary("20240101_143000", "2024-01-01T14:30:00Z", { metadata: { name: "Auth" }, message_count: 4 }),
  summary("20240101_120000", "2024-01-01T12:00:00Z", { message_count: 1 }),
];

describe("slash commands", () => {
  it("parses a command and its arguments", () => {
    expect(parseCommand("/tag a  b")).toEqual({ name: "/tag", args: ["a", "b"], rest: "a  b" });
    expect(parseCommand("/name My session ")).toMatchObject({ name: "/name", rest: "My session" });
    expect(parseCommand("hello /x")).toBeNull();
    expect(parseCommand("//not a command")).toBeNull();
  });

  it("completes unique prefixes and lists ambiguous ones", () => {
    expect(completeCommand("/ses")).toEqual({ text: "/sessions ", candidates: ["/sessions"] });
    expect(completeCommand("/se")).toEqual({ text: "/se", candidates: ["/sessions", "/search"] });
    expect(completeCommand("/ex")).toEqual({ text: "/ex", candidates: ["/export", "/exit"] });
    expect(completeCommand("/e").candidates).toEqual(["/export", "/effort", "/exit"]);
    expect(completeCommand("/comp")).toEqual({ text: "/compact ", candidates: ["/compact"] });
    // After `/load `, Tab completes session ids (newest first), showing a bounded list.
    const ids = ["20240102_090000", "20240101_143000", "20240101_120000", "exported_session"];
    expect(completeInput("/load 2024010", ids)).toEqual({
      text: "/load 2024010",
      candidates: ["20240102_090000", "20240101_143000", "20240101_120000"],
    });
    expect(completeInput("/load 20240101_1", ids)).toEqual({
      text: "/load 20240101_1",
      candidates: ["20240101_143000", "20240101_120000"],
    });
    expect(completeInput("/load 20240101_14", ids).text).toBe("/load 20240101_143000");
    expect(completeInput("/load ex", ids).text).toBe("/load exported_session");
    expect(completeInput("/load zz", ids)).toEqual({ text: "/load zz", candidates: [] });
    expect(completeInput("/lo", ids).text).toBe("/load ");
    const many = Array.from({ length: 100 }, (_, i) => `s${String(i).padStart(3, "0")}`);
    const shown = completeInput("/load s", many).candidates;
    expect(shown).toHaveLength(13);
    expect(shown.at(-1)).toBe("… 88 more");
    expect(completeInput("/load s", many).text).toBe("/load s0");
    expect(completeCommand("/zz").candidates).toEqual([]);
    expect(completeCommand("hello").text).toBe("hello");
  });

  it("/sessions prints exactly the spec's lines, then name and message count", async () => {
    const { session } = fakeSession("20240101_143000");
    const result = await runCommand("/sessions", { session, sessions: { list } });
    expect(result.output).toBe(
      [
        "Available sessions:",
        "• 20240101_143000 - 2024-01-01T14:30:00Z  Auth  (4 messages)",
        "• 20240101_120000 - 2024-01-01T12:00:00Z  (1 message)",
      ].join("\n"),
    );
    expect(formatSessionList([]).startsWith("Available sessions:")).toBe(true);
  });

  it("/load with an id loads it; without one opens the picker", async () => {
    const { session } = fakeSession(undefined);
    const ctx = { session, sessions: { list } };
    expect((await runCommand("/load 20240101_120000", ctx)).action).toEqual({
      type: "load",
      id: "20240101_120000",
    });
    expect((await runCommand("/load", ctx)).action).toEqual({ type: "picker" });
    expect((await runCommand("/quit", ctx)).action).toEqual({ type: "quit" });
    expect((await runCommand("/exit", ctx)).action).toEqual({ type: "quit" });
  });

  it("/name, /tag and /model change the session; unknown commands point to /help", async () => {
    const { session, calls } = fakeSession("20240101_120000");
    const ctx = { session, sessions: { list } };
    expect((await runCommand("/name Refactoring auth", ctx)).output).toBe("Session named: Refactoring auth");
    expect((await runCommand("/tag python old", ctx)).output).toBe("Tags: old, python");
    await runCommand("/model gpt-4o-mini", ctx);
    expect(calls).toEqual([
      { name: "Refactoring auth" },
      { tags: ["old", "python"] },
      { model: "gpt-4o-mini" },
    ]);
    expect((await runCommand("/bogus", ctx)).output).toBe("Unknown command: /bogus (try /help)");
    expect((await runCommand("/name", ctx)).tone).toBe("error");
  });

  it("says that metadata of a session without messages is saved with the first message", async () => {
    const { session } = fakeSession(undefined);
    const result = await runCommand("/name Later", { session, sessions: { list } });
    expect(result.output).toBe("Session named: Later (saved with your first message)");
    expect((await runCommand("/export", { session, sessions: { list } })).tone).toBe("error");
  });

  it("/help lists every command and the keys", async () => {
    const { session } = fakeSession(undefined);
    const { output } = await runCommand("/help", { session, sessions: { list } });
    for (const name of ["/sessions", "/load", "/clear", "/export", "/model", "/quit", "Ctrl+O", "Esc"]) {
      expect(output).toContain(name);
    }
  });
});

describe("history commands", () => {
  const hit = (id: string, index: number) => ({
    id,
    working_dir: "/p",
    message_index: index,
    role: "user" as const,
    snippet: `snippet ${id} ${index}`,
    score: 1,
    ranges: [],
    name: "",
    date: "2024-01-01T00:00:00Z",
    path: `/s/${id}.json`,
  });

  it("/search opens the picker with one row per session; /fork forks and loads; /rewind opens its list", async () => {
    const { historyCommand, hitsToSummaries } = await import("../../src/cli/interactive/history-commands.js");
    const forks: (number | undefined)[] = [];
    const actions = {
      search: async () => [hit("a", 1), hit("a", 3), hit("b", 0)],
      fork: async (_s: unknown, at: number | undefined) => {
        forks.push(at);
        return "forked_id";
      },
    };
    expect(
      hitsToSummaries([hit("a", 1), hit("a", 3), hit("b", 0)]).map((s) => [s.id, s.first_message]),
    ).toEqual([
      ["a", "snippet a 1"],
      ["b", "snippet b 0"],
    ]);
    const { session } = fakeSession("s1");
    session.getMessages().push({ role: "user", content: "hi", timestamp: "2024-01-01T00:00:00Z" });
    const search = await historyCommand("/search", "flaky login", session, actions);
    expect(search.action).toMatchObject({ type: "picker", title: "Search: flaky login" });
    expect((await historyCommand("/search", "", session, actions)).output).toBe("Usage: /search <query>");
    expect(await historyCommand("/fork", "2", session, actions)).toMatchObject({
      action: { type: "load", id: "forked_id" },
    });
    expect((await historyCommand("/fork", "x", session, actions)).tone).toBe("error");
    await historyCommand("/fork", "", session, actions);
    expect(forks).toEqual([2, undefined]);
    expect((await historyCommand("/rewind", "", session, actions)).action).toEqual({ type: "rewind" });
    expect((await historyCommand("/fork", "", fakeSession(undefined).session, actions)).output).toMatch(
      /Nothing to fork yet/,
    );
  });
});
