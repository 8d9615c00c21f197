// Sessions for the analysis tests and the Python snippet tests.
import type { SessionData } from "../../src/messages/types.js";

/** The spec's own example: 4 messages, one tool call, an assistant message without model/usage. */
export function specExample(): SessionData {
  return {
    id: "20240101_120000",
    working_dir: "/home/user/project",
    model: "gpt-4o",
    created_at: "2024-01-01T12:00:00Z",
    updated_at: "2024-01-01T12:15:30Z",
    metadata: { name: "Custom Session Name", tags: ["refactoring", "python"] },
    messages: [
      { role: "user", content: "What files are in this directory?", timestamp: "2024-01-01T12:00:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "I'll check..." }],
        tool_calls: [{ id: "call_123", name: "bash", arguments: { command: "ls -la" } }],
        timestamp: "2024-01-01T12:00:01Z",
      },
      {
        role: "tool",
        tool_call_id: "call_123",
        name: "bash",
        content: "file1.py\nfile2.py\n",
        timestamp: "2024-01-01T12:00:02Z",
      },
      {
        role: "assistant",
        content: [{ type: "text", text: "You have 2 Python files..." }],
        timestamp: "2024-01-01T12:00:03Z",
      },
    ],
  };
}

/** A working session: two models, cache tokens, a failed tool, several tools. */
export function workSession(model = "gpt-4o"): SessionData {
  const t = (s: number) =>
    `2024-06-01T10:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}Z`;
  return {
    id: "20240601_100000",
    working_dir: "/home/user/project",
    model,
    created_at: t(0),
    updated_at: t(125),
    metadata: {},
    messages: [
      { role: "user", content: "Fix the failing test", timestamp: t(0) },
      {
        role: "assistant",
        content: [{ type: "text", text: "Running the tests." }],
        tool_calls: [
          { id: "c1", name: "bash", arguments: { command: "npm test" } },
          { id: "c2", name: "read", arguments: { path: "src/a.ts" } },
        ],
        model,
        usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280 },
        timestamp: t(2),
      },
      {
        role: "tool",
        tool_call_id: "c1",
        name: "bash",
        content: "1 failing",
        is_error: true,
        timestamp: t(5),
      },
      {
        role: "tool",
        tool_call_id: "c2",
        name: "read",
        content: "export const a = 1;",
        is_error: false,
        timestamp: t(6),
      },
      {
        role: "assistant",
        content: [{ type: "text", text: "Editing." }],
        tool_calls: [{ id: "c3", name: "bash", arguments: { command: "npm test" } }],
        model,
        usage: {
          prompt_tokens: 2400,
          completion_tokens: 150,
          total_tokens: 2550,
          cache_read_tokens: 1100,
          cache_creation_tokens: 0,
        },
        timestamp: t(40),
      },
      {
        role: "tool",
        tool_call_id: "c3",
        name: "bash",
        content: "all passing",
        is_error: false,
        timestamp: t(60),
      },
      { role: "user", content: "Thanks. Summarise.", timestamp: t(100) },
      {
        role: "assistant",
        content: [{ type: "text", text: "Done: the test expected 2." }],
        model: "claude-sonnet-4-20250514",
        usage: {
          prompt_tokens: 3000,
          completion_tokens: 200,
          total_tokens: 3200,
          cache_read_tokens: 2000,
          cache_creation_tokens: 500,
        },
        timestamp: t(125),
      },
    ],
  };
}
