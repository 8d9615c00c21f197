// The checkpoints of one AgentSession (docs/checkpoints.md): a snapshot when a turn starts (recorded
// before its first tool runs) and after each tool that may change files, and undo, redo and restore
// through the keeper (src/checkpoints/, behind agent/checkpoint-keeper.ts). A snapshot that fails is
// a warning, never the end of a run.
import { CheckpointError } from "../errors.js";
import type { CheckpointRecord, SessionData } from "../messages/types.js";
import { type CheckpointKeeper, READ_ONLY_TOOLS, type RestoreOutcome } from "./checkpoint-keeper.js";
import type { AgentEvent } from "./events.js";

/** What the checkpoints need of their session. */
export interface CheckpointHost {
  data(): SessionData;
  /** Creates the session's file: the shadow repository keeps a session's snapshots under its id. */
  ensureSaved(): Promise<void>;
  saveHeader(): Promise<void>;
  emit(event: AgentEvent): void;
  notice(level: "info" | "warning", text: string): void;
}

export type Restore = (
  keeper: CheckpointKeeper,
  data: SessionData,
  notify: (text: string) => void,
) => Promise<RestoreOutcome>;

export class SessionCheckpoints {
  constructor(
    private readonly keeper: CheckpointKeeper | undefined,
    /** Why there is no keeper (said when undo is asked for). */
    private readonly off: string | undefined,
    private readonly host: CheckpointHost,
  ) {}

  /** The session's checkpoints, oldest first. */
  list(): CheckpointRecord[] {
    return (this.host.data().checkpoints ?? []).slice();
  }

  /** Runs an undo, redo or restore and records the checkpoint it makes. */
  async restore(run: Restore): Promise<RestoreOutcome> {
    const keeper = this.keeper;
    if (!keeper) throw new CheckpointError(this.off ?? "Checkpoints are off for this session.");
    const outcome = await run(keeper, this.host.data(), (text) => this.host.notice("info", text));
    if (outcome.record) await this.add(outcome.record);
    return outcome;
  }

  /** After a tool's result: a snapshot, unless the tool only reads or did not run. */
  async afterTool(tool: string, summary: string): Promise<void> {
    if (READ_ONLY_TOOLS.has(tool) || summary === "denied" || summary === "blocked") return;
    await this.snapshot("tool", tool);
  }

  /**
   * Starts the snapshot before a user turn and returns what records it (idempotent): the git work
   * overlaps the model request, and nothing changes files before the first tool, which waits for it.
   */
  async beginTurn(): Promise<() => Promise<void>> {
    const keeper = this.keeper;
    if (!keeper) return async () => {};
    await this.host.ensureSaved();
    const work = keeper.snapshot(this.host.data(), "turn", undefined, (text) =>
      this.host.notice("info", text),
    );
    work.catch(() => {}); // reported when settled
    let settled: Promise<void> | undefined;
    return () => {
      settled ??= work.then(
        async (record) => {
          if (record) await this.add(record);
        },
        (error: unknown) => this.failed(error),
      );
      return settled;
    };
  }

  /** Snapshots the working tree and records it. */
  async snapshot(trigger: "turn" | "tool", tool?: string): Promise<void> {
    const keeper = this.keeper;
    if (!keeper) return;
    try {
      await this.host.ensureSaved();
      const record = await keeper.snapshot(this.host.data(), trigger, tool, (text) =>
        this.host.notice("info", text),
      );
      if (record) await this.add(record);
    } catch (error) {
      this.failed(error);
    }
  }

  async close(): Promise<void> {
    await this.keeper?.close(this.host.data()).catch(() => {});
  }

  private failed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.host.notice("warning", `Warning: could not take a checkpoint: ${reason}`);
  }

  private async add(record: CheckpointRecord): Promise<void> {
    const data = this.host.data();
    data.checkpoints = [...(data.checkpoints ?? []), record];
    await this.host.saveHeader();
    this.host.emit({ type: "checkpoint", checkpoint: record });
  }
}
