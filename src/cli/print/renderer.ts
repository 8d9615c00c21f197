// Print mode's view of the event stream. stdout carries only the answer (streamed live on a
// terminal, else the final message's text once); tool activity, retries and notices go to stderr.
import type { ToolDenial } from "../../agent/authorize.js";
import { describeHookReport } from "../../agent/command-hooks.js";
import type { AgentEvent } from "../../agent/events.js";
import { todoLines } from "../../messages/todos.js";
import type { Usage } from "../../messages/types.js";
import { compactionLine } from "../compaction-text.js";
import { denialLine } from "../denial-line.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { TodoWatch } from "../todo-watch.js";
import { toolCallLine, toolResultLine } from "../tool-label.js";

export interface RendererOptions {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stream assistant text as it arrives (stdout is a terminal). */
  live: boolean;
  /** --output-format json or stream-json: nothing but JSON on stdout (written by the caller). */
  json: boolean;
}

export class PrintRenderer {
  /** Usage of this run's assistant messages, summed. */
  readonly usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  /** Tool calls the permission check refused, in order. */
  readonly denied: ToolDenial[] = [];
  private stdoutLineOpen = false;
  /** The todo list, written to stderr each time the model changes it. */
  private readonly todos = new TodoWatch();

  constructor(private readonly options: RendererOptions) {}

  handle(event: AgentEvent): void {
    switch (event.type) {
      case "text_delta":
        if (this.options.live && !this.options.json) this.writeOut(event.text);
        break;
      case "message":
        if (event.message.role === "assistant" && event.message.usage) {
          this.usage.prompt_tokens += event.message.usage.prompt_tokens;
          this.usage.completion_tokens += event.message.usage.completion_tokens;
          this.usage.total_tokens += event.message.usage.total_tokens;
        }
        break;
      case "tool_call":
        this.writeErr(toolCallLine(event.call));
        break;
      case "tool_denied":
        this.denied.push(event.denial);
        this.writeErr(denialLine(event.denial));
        break;
      case "tool_result": {
        this.writeErr(toolResultLine(event.summary));
        const todos = this.todos.update(event);
        if (todos) for (const line of todoLines(todos)) this.writeErr(`    ${sanitizeForTerminal(line)}`);
        break;
      }
      case "retry":
        this.writeErr(
          event.fallbackModel
            ? `Falling back: ${sanitizeForTerminal(event.reason)}`
            : `Retrying in ${(event.delayMs / 1000).toFixed(1)}s (attempt ${event.attempt}/${event.maxAttempts}): ${sanitizeForTerminal(event.reason)}`,
        );
        break;
      case "notice":
        this.writeErr(sanitizeForTerminal(event.text));
        break;
      case "hook": {
        const line = describeHookReport(event);
        if (line) this.writeErr(sanitizeForTerminal(line));
        break;
      }
      case "subagent":
        this.subagent(event);
        break;
      case "compaction_end":
        // One line per compaction; the start is not announced separately in print mode.
        this.writeErr(compactionLine(event.record, event.contextWindow));
        break;
      case "agent_end":
        if (this.options.json) break;
        if (!this.options.live && (event.stopReason === "end" || event.stopReason === "max_turns")) {
          if (event.finalText !== "") this.options.stdout.write(`${sanitizeForTerminal(event.finalText)}\n`);
        }
        this.closeLine();
        break;
      default:
        break;
    }
  }

  /** A subagent's tool activity, denials and warnings, one stderr line each, naming the child. */
  private subagent(event: Extract<AgentEvent, { type: "subagent" }>): void {
    const who = `  ↳ [${sanitizeForTerminal(event.agent)} ${event.sessionId ?? ""}]`.replace(" ]", "]");
    const inner = event.event;
    if (inner.type === "tool_call") this.writeErr(`${who} ${toolCallLine(inner.call)}`);
    else if (inner.type === "tool_result")
      this.writeErr(`${who} ${toolResultLine(inner.summary).trimStart()}`);
    else if (inner.type === "tool_denied") {
      this.denied.push(inner.denial);
      this.writeErr(`${who} ${denialLine(inner.denial)}`);
    } else if (inner.type === "error")
      this.writeErr(`${who} Error: ${sanitizeForTerminal(inner.error.message)}`);
    else if (inner.type === "notice" && inner.level === "warning")
      this.writeErr(`${who} ${sanitizeForTerminal(inner.text)}`);
  }

  private writeOut(text: string): void {
    const clean = sanitizeForTerminal(text);
    if (clean === "") return;
    this.options.stdout.write(clean);
    this.stdoutLineOpen = !clean.endsWith("\n");
  }

  /** Ends a live line of assistant text so the next stderr line starts at column 0. */
  private closeLine(): void {
    if (this.stdoutLineOpen) this.options.stdout.write("\n");
    this.stdoutLineOpen = false;
  }

  writeErr(line: string): void {
    if (this.options.live) this.closeLine();
    this.options.stderr.write(`${line}\n`);
  }
}
