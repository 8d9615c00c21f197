// One thing at a time in an AgentSession: a prompt, a compaction or a restore runs alone, and
// nothing runs once the session is closed. Each refusal is a UsageError saying what to do.
import { UsageError } from "../errors.js";

export class SessionActivity {
  private running = false;
  private closed = false;

  /** Throws unless the session is open and nothing runs in it. */
  assertIdle(): void {
    if (this.closed) throw new UsageError("This session is closed; open it again to continue.");
    if (this.running) {
      throw new UsageError("A prompt is already running in this session; wait for it or abort it first.");
    }
  }

  /** Marks the session busy (after assertIdle) until end(). */
  begin(): void {
    this.running = true;
  }

  end(): void {
    this.running = false;
  }

  /** Runs `work` alone in an idle session. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.assertIdle();
    this.begin();
    try {
      return await work();
    } finally {
      this.end();
    }
  }

  /** Closes the session; false when it was closed already. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    return true;
  }
}
