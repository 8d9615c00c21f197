// AgentSession's side of command hooks: what each hook hears about the session (id, transcript,
// mode), the session events (SessionStart, SessionEnd, UserPromptSubmit, PreCompact, Notification),
// the context hooks add (kept until the next prompt, then sent with it) and the loop's bound hooks.
import { ATTACHMENT_MARKER, type UserInput } from "../messages/types.js";
import type { CommandHookPort, HookReport, HookSession, LoopCommandHooks } from "./command-hooks.js";
import type { CompactionHooks } from "./compaction/hooks.js";
import type { RecordStore } from "./session-record.js";

/** What the hooks need to know of their AgentSession. */
export interface HookedSession {
  /** Undefined until the session is saved. */
  id(): string | undefined;
  store: RecordStore | null;
  workingDir: string;
  mode(): string;
  /** The session's model now. */
  model?(): string;
  /** The tool environment (credentials removed). */
  env?: Record<string, string>;
  /** Where hook outcomes go (events in a stream, else notices). */
  report(report: HookReport): void;
}

/** How hook context travels with a prompt: like an attached file, after what the user typed. */
function contextBlock(event: string, text: string): string {
  return `${ATTACHMENT_MARKER}hook-context event="${event}">\n${text}\n</attached-hook-context>`;
}

/** The input with context blocks appended to its text (images and attachments kept). */
export function withContext(input: string | UserInput, blocks: readonly string[]): string | UserInput {
  if (blocks.length === 0) return input;
  const extra = blocks.join("");
  if (typeof input === "string") return `${input}${extra}`;
  if (typeof input.content === "string") return { ...input, content: `${input.content}${extra}` };
  return { ...input, content: [...input.content, { type: "text", text: extra }] };
}

export class SessionCommandHooks {
  /** Context from SessionStart (and compaction's SessionStart) waiting for the next prompt. */
  private pending: string[] = [];
  private transcript: { id: string; path: string } | undefined;

  constructor(
    private readonly port: CommandHookPort,
    private readonly owner: HookedSession,
  ) {}

  private tell(reports: readonly HookReport[]): void {
    for (const r of reports) this.owner.report(r);
  }

  /** What every hook is told about the session (the transcript's path looked up once per id). */
  private async session(): Promise<HookSession> {
    const { owner } = this;
    const id = owner.id() ?? "";
    if (id && this.transcript?.id !== id && owner.store?.sessionPath) {
      const where = await Promise.resolve(
        owner.store.sessionPath(id, { workingDir: owner.workingDir }),
      ).catch(() => "");
      this.transcript = { id, path: String(where) };
    }
    return {
      sessionId: id,
      transcriptPath: this.transcript?.id === id ? this.transcript.path : "",
      cwd: owner.workingDir,
      permissionMode: owner.mode(),
      model: owner.model?.(),
      env: owner.env,
    };
  }

  async sessionStart(source: "startup" | "resume" | "clear" | "compact"): Promise<void> {
    if (!this.port.has("SessionStart")) return;
    const outcome = await this.port.sessionStart(source, await this.session());
    this.tell(outcome.reports);
    for (const text of outcome.context) this.pending.push(contextBlock("SessionStart", text));
  }

  async sessionEnd(reason: string): Promise<void> {
    if (!this.port.has("SessionEnd")) return;
    this.tell((await this.port.sessionEnd(reason, await this.session())).reports);
  }

  /** A permission prompt is waiting for the user (not awaited: the prompt shows at once). */
  notify(message: string, type = "permission_prompt"): void {
    if (!this.port.has("Notification")) return;
    void this.session()
      .then((s) => this.port.notification(message, type, s))
      .then((outcome) => this.tell(outcome.reports));
  }

  /**
   * UserPromptSubmit: the prompt as it goes to the model (with hook and pending context), or the
   * reason it was blocked (then nothing is sent or saved, and pending context waits on).
   */
  async prompt(
    input: string | UserInput,
    typed: string,
    signal: AbortSignal,
  ): Promise<{ input: string | UserInput; blocked?: string; stopTurn?: string }> {
    const blocks = [...this.pending];
    let stopTurn: string | undefined;
    if (this.port.has("UserPromptSubmit")) {
      const outcome = await this.port.userPromptSubmit(typed, await this.session(), signal);
      this.tell(outcome.reports);
      if (outcome.blocked !== undefined) return { input, blocked: outcome.blocked };
      stopTurn = outcome.stopTurn;
      for (const text of outcome.context) blocks.push(contextBlock("UserPromptSubmit", text));
    }
    this.pending = [];
    return { input: withContext(input, blocks), stopTurn };
  }

  /** PreToolUse, PostToolUse and Stop, bound to this session for the loop. */
  loopHooks(): LoopCommandHooks {
    const port = this.port;
    return {
      preToolUse: port.has("PreToolUse")
        ? async (call, signal) => port.preToolUse(call, await this.session(), signal)
        : undefined,
      postToolUse: port.has("PostToolUse")
        ? async (call, result, signal) => port.postToolUse(call, result, await this.session(), signal)
        : undefined,
      stop: port.has("Stop")
        ? async (active, lastMessage, signal) => port.stop(active, lastMessage, await this.session(), signal)
        : undefined,
    };
  }

  /** PreCompact before the compaction (and its hooks), SessionStart `compact` after it. */
  compactionHooks(inner: CompactionHooks | undefined): CompactionHooks {
    return {
      beforeCompact: async (context) => {
        if (this.port.has("PreCompact")) {
          const outcome = await this.port.preCompact(
            context.trigger,
            context.instructions ?? "",
            await this.session(),
          );
          this.tell(outcome.reports);
        }
        return inner?.beforeCompact?.(context);
      },
      onCompact: async (record) => {
        await inner?.onCompact?.(record);
        await this.sessionStart("compact");
      },
    };
  }
}
