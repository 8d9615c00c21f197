// Temp sessions roots and sample messages for the sessions tests.
import { mkdtempSync, realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Message } from "../../src/messages/types.js";

export interface TempRoot {
  base: string;
  root: string;
  workDir: string;
  cleanup(): Promise<void>;
}

export function makeTempRoot(): TempRoot {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-sessions-")));
  return {
    base,
    root: path.join(base, "sessions"),
    workDir: path.join(base, "project"),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

export function userMessage(text: string): Message {
  return { role: "user", content: text, timestamp: "2024-01-01T12:00:00Z" };
}

export function assistantMessage(text: string, callId?: string): Message {
  return {
    role: "assistant",
    content: [{ type: "text", text }],
    ...(callId ? { tool_calls: [{ id: callId, name: "bash", arguments: { command: "ls -la" } }] } : {}),
    model: "gpt-4o",
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    timestamp: "2024-01-01T12:00:01Z",
  };
}

export function toolMessage(callId: string, content: string): Message {
  return {
    role: "tool",
    tool_call_id: callId,
    name: "bash",
    content,
    is_error: false,
    timestamp: "2024-01-01T12:00:02Z",
  };
}

/** A short conversation with unicode, newlines and quotes to stress the layout. */
export function sampleConversation(): Message[] {
  return [
    userMessage('What files are here? "quoted" ünïcødé 🚀'),
    assistantMessage("I'll check...", "call_1"),
    toolMessage("call_1", "file1.py\nfile2.py\n\t{tab}\n"),
    assistantMessage("You have 2 Python files."),
  ];
}
