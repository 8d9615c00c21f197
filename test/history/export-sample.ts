// One session with everything an export shows: Markdown, code, a tool error, a long output,
// backticks inside a tool result, reasoning, usage from two models, a secret to redact.
import type { SessionData } from "../../src/messages/types.js";

const long = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");

export function sampleSession(): SessionData {
  return {
    id: "20240101_120000",
    working_dir: "/home/user/project",
    model: "gpt-4o",
    created_at: "2024-01-01T12:00:00Z",
    updated_at: "2024-01-01T12:15:30Z",
    metadata: { name: "Refactoring auth", tags: ["refactoring", "python"] },
    messages: [
      {
        role: "user",
        content:
          "What files are in this directory? My key is sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD",
        timestamp: "2024-01-01T12:00:00Z",
      },
      {
        role: "assistant",
        content: [{ type: "text", text: "I'll check with `ls`..." }],
        tool_calls: [
          { id: "call_123", name: "bash", arguments: { command: "ls -la" } },
          { id: "call_124", name: "read", arguments: { path: "missing.py" } },
        ],
        model: "gpt-4o",
        usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        timestamp: "2024-01-01T12:00:01Z",
      },
      {
        role: "tool",
        tool_call_id: "call_123",
        name: "bash",
        content: long,
        is_error: false,
        timestamp: "2024-01-01T12:00:02Z",
      },
      {
        role: "tool",
        tool_call_id: "call_124",
        name: "read",
        content: "Error: ```no such file```",
        is_error: true,
        timestamp: "2024-01-01T12:00:02Z",
      },
      {
        role: "assistant",
        content: [
          {
            type: "text",
            text: "You have **2** Python files:\n\n```python\nprint('hi')\n```\n\n<script>alert(1)</script>",
          },
        ],
        model: "claude-sonnet-4-20250514",
        reasoning: "The listing shows two .py files.",
        usage: { prompt_tokens: 2000, completion_tokens: 20, total_tokens: 2020, cache_read_tokens: 1500 },
        timestamp: "2024-01-01T12:00:03Z",
      } as SessionData["messages"][number],
      { role: "user", content: "Thanks", timestamp: "2024-01-01T12:15:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "You're welcome." }],
        model: "gpt-4o",
        usage: { prompt_tokens: 300, completion_tokens: 5, total_tokens: 305 },
        timestamp: "2024-01-01T12:15:30Z",
      },
    ],
  };
}
