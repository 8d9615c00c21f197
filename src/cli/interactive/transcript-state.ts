// The transcript as a plain reducer over agent events: finished items (rendered once, in <Static>)
// plus the live part (streaming text, running tools). Pure, so it is tested without Ink.
import { describeHookReport } from "../../agent/command-hooks.js";
import { BudgetExceededError } from "../../errors.js";
import type { Message, SessionData, ToolCall, UserMessage } from "../../messages/types.js";
import { assistantText, latestCompaction, typedText } from "../../messages/types.js";
import { compactionLine, compactionStartLine } from "../compaction-text.js";
import { denialLine, replayedDenialLine } from "../denial-line.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { resultSummary, toolArgsLabel } from "../tool-label.js";
import { type DiffView, diffForTool, diffSummary } from "./diff-view.js";
import { appendDelta, freshScan, type StreamScan } from "./streaming-blocks.js";
import { nextProgress, type SubagentProgress } from "./subagent-progress.js";
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
  /** Set when the permission check refused the call: shown as its result line. */
  denied?: string;
  startedAt: number;
  /** A task call's child while it runs. */
  subagent?: SubagentProgress;
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
  /** The live, unfinished tail of the answer being streamed (finished blocks are already items). */
  streaming: string;
  streamScan: StreamScan;
  running: ToolItem[];
  nextKey: number;
}

export const emptyTranscript: TranscriptState = {
  items: [],
  streaming: "",
  streamScan: freshScan,
  running: [],
  nextKey: 0,
};

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
    case "text_delta": {
      const { block, tail, scan } = appendDelta(state.streaming, state.streamScan, event.text);
      const next = { ...state, streaming: tail, streamScan: scan };
      return block ? addItems(next, { kind: "assistant", text: sanitizeForTerminal(block) }) : next;
    }
    case "message": {
      // User messages are shown when typed; tool messages arrive with their tool_result event.
      if (event.message.role !== "assistant") return state;
      // Blocks already printed while streaming stay; only the unfinished tail is added.
      const text = sanitizeForTerminal(
        state.streamScan.committed ? state.streaming : assistantText(event.message),
      ).trim();
      const thinking = thinkingItem(event.message.thinking);
      let next: TranscriptState = { ...state, streaming: "", streamScan: freshScan };
      if (thinking) next = addItems(next, thinking);
      return text ? addItems(next, { kind: "assistant", text }) : next;
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
    case "tool_denied": {
      const line = denialLine(event.denial, { interactive: true });
      return {
        ...state,
        running: state.running.map((t) => (t.id === event.call.id ? { ...t, denied: line } : t)),
      };
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
        summary:
          started?.denied ?? (diff ? diffSummary(diff) : resultSummary(event.message.content, event.summary)),
        output: sanitizeForTerminal(event.message.content),
        ...(diff ? { diff } : {}),
      };
      return addItems({ ...state, running }, done);
    }
    case "retry":
      return addItems(
        state,
        info(
          event.fallbackModel
            ? `Falling back: ${sanitizeForTerminal(event.reason)}`
            : `Retrying (${event.attempt}/${event.maxAttempts}): ${sanitizeForTerminal(event.reason)}`,
          "warning",
        ),
      );
    case "error":
      return addItems(
        { ...state, streaming: "", streamScan: freshScan },
        event.error instanceof BudgetExceededError
          ? info(
              `${event.error.message.replace(/ Raise it with .*$/, "")} ${budgetQuestion(event.error)}`,
              "warning",
            )
          : info(`Error: ${sanitizeForTerminal(event.error.message)}`, "error"),
      );
    case "notice":
      return addItems(
        state,
        info(sanitizeForTerminal(event.text), event.level === "warning" ? "warning" : "info"),
      );
    case "hook": {
      const line = describeHookReport(event);
      return line
        ? addItems(state, info(sanitizeForTerminal(line), event.outcome === "error" ? "warning" : "info"))
        : state;
    }
    case "compaction_start":
      return addItems(
        state,
        info(
          compactionStartLine(event.trigger, event.reason, event.tokensBefore, event.contextWindow),
          "dim",
        ),
      );
    case "compaction_end":
      return addItems(state, info(compactionLine(event.record, event.contextWindow), "info"));
    case "subagent": {
      const next = {
        ...state,
        running: state.running.map((t) =>
          t.id === event.callId ? { ...t, subagent: nextProgress(t.subagent, event) } : t,
        ),
      };
      // A child's warnings (a save that failed, a fallback model) are the user's business too.
      const inner = event.event;
      return inner.type === "notice" && inner.level === "warning"
        ? addItems(
            next,
            info(
              `${sanitizeForTerminal(event.agent)} subagent: ${sanitizeForTerminal(inner.text)}`,
              "warning",
            ),
          )
        : next;
    }
    case "agent_end": {
      // Text streamed but never completed (aborted): keep what the user saw.
      const leftover = sanitizeForTerminal(state.streaming).trim();
      let next: TranscriptState = { ...state, streaming: "", streamScan: freshScan, running: [] };
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

/** The model's reasoning, shown dimmed before its answer. */
function thinkingItem(thinking: { thinking?: string }[] | null | undefined): Item | undefined {
  const text = sanitizeForTerminal((thinking ?? []).map((b) => b.thinking ?? "").join("\n")).trim();
  return text ? info(`✻ Thinking\n${text}`, "dim") : undefined;
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
      const thinking = thinkingItem(message.thinking);
      if (thinking) items.push(thinking);
      if (text) items.push({ kind: "assistant", text });
      for (const call of message.tool_calls ?? [])
        calls.set(call.id, { call, args: toolArgsLabel(call, 60) });
    } else {
      const known = calls.get(message.tool_call_id);
      // A refused call reads as refused, as it did live (not as the lines of its message to the model).
      const denied = message.is_error ? replayedDenialLine(message.content) : undefined;
      const diff =
        known && !denied ? diffForTool(known.call, message.content, message.is_error === true) : undefined;
      items.push({
        kind: "tool",
        id: message.tool_call_id,
        name: sanitizeForTerminal(known?.call.name ?? message.name),
        args: known?.args ?? "",
        status: message.is_error ? "error" : "done",
        summary: denied ?? (diff ? diffSummary(diff) : resultSummary(message.content)),
        ...(denied ? { denied } : {}),
        output: sanitizeForTerminal(message.content),
        ...(diff ? { diff } : {}),
        startedAt: 0,
      });
    }
  });
  return items;
}

/**
 * What a resumed session shows: its messages, or for a compacted one a line for the summarized part
 * and the messages the model still sees (a long session's older messages are not even parsed).
 */
export function itemsForResume(data: SessionData): Item[] {
  const compaction = latestCompaction(data);
  if (!compaction) return itemsFromMessages(data.messages);
  const from = Math.min(compaction.first_kept_index, data.messages.length);
  return [
    info(
      `… ${from} earlier message${from === 1 ? "" : "s"} summarized (${compaction.trigger} compaction, ${compaction.timestamp}); ` +
        `agenix sessions show ${data.id} shows them all`,
      "dim",
    ),
    ...itemsFromMessages(data.messages.slice(from)),
  ];
}

/** What interactive mode offers when the budget stops a run: raise it, then send again. */
function budgetQuestion(error: BudgetExceededError): string {
  const suggested = Math.max(error.budgetUsd * 2, error.spentUsd + error.nextUsd * 10);
  return `Raise it? /budget ${suggested.toFixed(2)} (or another amount in US dollars), then send your message again.`;
}
