// Where an AgentSession's events and notices go: into the running stream while a prompt (or a
// compaction with onEvent) runs; otherwise a notice goes to onNotice, or waits for the start of the
// next stream, and a hook outcome the user should see becomes a notice.
import { describeHookReport, type HookReport } from "./command-hooks.js";
import type { AgentEvent } from "./events.js";
import type { AgentNotice } from "./session-init.js";

type Sink = (event: AgentEvent) => void;

export class SessionOutlet {
  private sink: Sink | undefined;
  /** Notices raised while nothing ran and nobody listened: yielded first by the next stream. */
  private readonly pending: AgentNotice[];

  constructor(
    notices: readonly AgentNotice[] | undefined,
    /** Where notices go when no stream runs (prompt() passes its stream's notices here too). */
    private readonly onNotice: ((notice: AgentNotice) => void) | undefined,
  ) {
    this.pending = [...(notices ?? [])];
  }

  /** A stream starts: the waiting notices first, then every event goes to `sink` until close(). */
  open(sink: Sink): void {
    for (const notice of this.pending.splice(0)) sink(notice);
    this.sink = sink;
  }

  /** The stream has ended. */
  close(): void {
    this.sink = undefined;
  }

  /** Sends the events to `sink` (when given) until the returned function puts the previous one back. */
  redirect(sink: Sink | undefined): () => void {
    const previous = this.sink;
    if (sink) this.sink = sink;
    return () => {
      this.sink = previous;
    };
  }

  /** Puts an event (a subagent's) into the running stream; dropped when nothing runs. */
  relay(event: AgentEvent): void {
    this.sink?.(event);
  }

  /** An event of the session's parts: into the running stream, else a notice is still shown. */
  emit(event: AgentEvent): void {
    if (this.sink) this.sink(event);
    else if (event.type === "notice") this.notice(event.level, event.text);
  }

  /** Shows a notice: in the running stream, else through onNotice, else with the next stream. */
  notice(level: AgentNotice["level"], text: string): void {
    const event: AgentNotice = { type: "notice", level, text };
    if (this.sink) this.sink(event);
    else if (this.onNotice) this.onNotice(event);
    else this.pending.push(event);
  }

  /** A hook outcome: an event in a running stream, else a notice when the user should see it. */
  hook(report: HookReport): void {
    if (this.sink) {
      this.sink({ type: "hook", ...report });
      return;
    }
    const line = describeHookReport(report);
    if (line) this.notice("warning", line);
  }
}
