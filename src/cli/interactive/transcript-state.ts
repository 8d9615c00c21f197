// The transcript as a plain reducer over agent events: finished items (rendered once, in <Static>)
// plus the live part (streaming text, running tools). Pure, so it is tested without Ink.
import type { Message, ToolCall, UserMessage } from "../../messages/types.js";
import { assistantText, typedText } from "../../messages/types.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { resultSummary, toolArgsLabel } from "../tool-label.js";
import { type DiffView, diffForTool, diffSummary } from "./diff-view.js";
import type { UiEvent } from "./types.js";

export interface ToolItem {
  kind: "tool";
  id: string;
  name: string;
  args: string;
  status: "running" | "done" | "error";
  summary?: string;
  /** Full (sanitised) output, for Ctrl+O. */
  output?: string;
  /** edit/write: the change, shown as an inline diff. */
  diff?: DiffView;
  startedAt: number;
}

export type Item =
  | {
      kind: "user";
      text: string /** Paths attached with `@` (files, directories, images). */;
      attached?: string[];
    }
  | { kind: "assistant"; text: string }
  | ToolItem
  /** A whole diff, unfolded (Ctrl+O on an edit or write). */
  | { kind: "diff"; title: string; diff: DiffView }
  | { kind: "info"; text: string; tone?: "info" | "warning" | "error" | "dim" };

export type KeyedItem = Item & { key: number };

export interface TranscriptState {
  items: KeyedItem[];
  streaming: string;
  running: ToolItem[];
  nextKey: number;
}

export const emptyTranscript: TranscriptState = { items: [], streaming: "", running: [], nextKey: 0 };

export function addItems(state: TranscriptState, ...items: Item[]): TranscriptState {
  let key = state.nextKey;
  const keyed = items.map((item) => ({ ...item, key: key++ }) as KeyedItem);
  return { ...state, items: [...state.items, ...keyed], nextKey: key };
}

export function info(text: string, tone?: "info" | "warning" | "error" | "dim"): Item {
  return { kind: "info", text, tone };
}

export function applyEvent(state: TranscriptState, event: UiEvent, now = Date.now()): TranscriptState {
  switch (event.type) {
    case "text_delta":
      return { ...state, streaming: state.streaming + event.text };
    case "message": {
      // User messages are shown when typed; tool messages arrive with their tool_result event.
      if (event.message.role !== "assistant") return state;
      const text = sanitizeForTerminal(assistantText(event.message)).trim();
      const cleared = { ...state, streaming: "" };
      return text ? addItems(cleared, { kind: "assistant", text }) : cleared;
    }
    case "tool_call": {
      const tool: ToolItem = {
        kind: "tool",
        id: event.call.id,
        name: sanitizeForTerminal(event.call.name),
        args: toolArgsLabel(event.call, 60),
        status: "running",
        startedAt: now,
      };
      return { ...state, running: [...state.running, tool] };
    }
    case "tool_result": {
      const started = state.running.find((t) => t.id === event.call.id);
      const running = state.running.filter((t) => t.id !== event.call.id);
      const diff = diffForTool(event.call, event.message.content, event.message.is_error === true);
      const done: ToolItem = {
        kind: "tool",
        id: event.call.id,
        name: started?.name ?? sanitizeForTerminal(event.call.name),
        args: started?.args ?? toolArgsLabel(event.call, 60),
        startedAt: started?.startedAt ?? now,
        status: event.message.is_error ? "error" : "done",
        summary: diff ? diffSummary(diff) : resultSummary(event.message.content, event.summary),
        output: sanitizeForTerminal(event.message.content),
        ...(diff ? { diff } : {}),
      };
      return addItems({ ...state, running }, done);
    }
    case "retry":
      return addItems(
        state,
        info(
          `Retrying (${event.attempt}/${event.maxAttempts}): ${sanitizeForTerminal(event.reason)}`,
          "warning",
        ),
      );
    case "error":
      return addItems(
        { ...state, streaming: "" },
        info(`Error: ${sanitizeForTerminal(event.error.message)}`, "error"),
      );
    case "notice":
      return addItems(
        state,
        info(sanitizeForTerminal(event.text), event.level === "warning" ? "warning" : "info"),
      );
    case "agent_end": {
      // Text streamed but never completed (aborted): keep what the user saw.
      const leftover = sanitizeForTerminal(state.streaming).trim();
      let next: TranscriptState = { ...state, streaming: "", running: [] };
      if (leftover) next = addItems(next, { kind: "assistant", text: leftover });
      if (event.stopReason === "aborted") next = addItems(next, info("Interrupted.", "warning"));
      if (event.stopReason === "max_turns")
        next = addItems(next, info("Stopped: the turn limit was reached.", "warning"));
      return next;
    }
    default:
      return state;
  }
}

/** A user message as typed (attached file content left out), with what was attached. */
export function userItem(message: Pick<UserMessage, "content" | "attachments">): Item {
  const attached = (message.attachments ?? []).map((a) =>
    sanitizeForTerminal(a.path ?? `!${a.command ?? ""}`),
  );
  return {
    kind: "user",
    text: sanitizeForTerminal(typedText(message)),
    ...(attached.length > 0 ? { attached } : {}),
  };
}

/** A loaded session's conversation as transcript items (for /load and --session). */
export function itemsFromMessages(messages: Message[]): Item[] {
  const items: Item[] = [];
  const calls = new Map<string, { call: ToolCall; args: string }>();
  messages.forEach((message, index) => {
    if (message.role === "user") {
      items.push(userItem(message));
      // A user message with no answer after it: that turn failed (API error, network) or was stopped.
      const next = messages[index + 1];
      if (next === undefined || next.role === "user")
        items.push(
          info(
            "✗ This turn failed: no answer was saved (an API or network error, or an interruption).",
            "error",
          ),
        );
    } else if (message.role === "assistant") {
      const text = sanitizeForTerminal(assistantText(message)).trim();
      if (text) items.push({ kind: "assistant", text });
      for (const call of message.tool_calls ?? [])
        calls.set(call.id, { call, args: toolArgsLabel(call, 60) });
    } else {
      const known = calls.get(message.tool_call_id);
      const diff = known ? diffForTool(known.call, message.content, message.is_error === true) : undefined;
      items.push({
        kind: "tool",
        id: message.tool_call_id,
        name: sanitizeForTerminal(known?.call.name ?? message.name),
        args: known?.args ?? "",
        status: message.is_error ? "error" : "done",
        summary: diff ? diffSummary(diff) : resultSummary(message.content),
        output: sanitizeForTerminal(message.content),
        ...(diff ? { diff } : {}),
        startedAt: 0,
      });
    }
  });
  return items;
}
