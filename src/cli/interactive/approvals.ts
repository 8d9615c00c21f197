// The bridge between the permission check (which awaits an answer) and the approval box (which
// React renders): one question shown at a time, answered by the box or by an interrupt. Questions
// asked while one is open (parallel subagents) wait in order behind it.
import type { ApprovalAnswer, ApprovalRequest } from "../../permissions/gate.js";

interface Pending {
  request: ApprovalRequest;
  resolve: (answer: ApprovalAnswer) => void;
}

export class ApprovalQueue {
  private readonly pending: Pending[] = [];
  private readonly listeners = new Set<() => void>();

  /** The permission check's `ask`: resolves when the user answers, or "no" when the run is interrupted. */
  readonly ask = (request: ApprovalRequest): Promise<ApprovalAnswer> =>
    new Promise((resolve) => {
      const entry: Pending = {
        request,
        resolve: (answer) => {
          request.signal.removeEventListener("abort", onAbort);
          resolve(answer);
        },
      };
      const onAbort = () => this.settle(entry, { behavior: "deny", reason: "interrupted" });
      if (request.signal.aborted) return resolve({ behavior: "deny", reason: "interrupted" });
      this.pending.push(entry);
      request.signal.addEventListener("abort", onAbort, { once: true });
      this.emit();
    });

  current(): ApprovalRequest | undefined {
    return this.pending[0]?.request;
  }

  /** Answers the question shown (the first waiting); the next one, if any, is shown then. */
  answer(answer: ApprovalAnswer): void {
    const first = this.pending[0];
    if (first) this.settle(first, answer);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private settle(entry: Pending, answer: ApprovalAnswer): void {
    const at = this.pending.indexOf(entry);
    if (at === -1) return;
    this.pending.splice(at, 1);
    entry.resolve(answer);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
