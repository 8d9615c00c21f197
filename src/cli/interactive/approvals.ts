// The bridge between the permission check (which awaits an answer) and the approval box (which
// React renders): one pending question at a time, answered by the box or by an interrupt.
import type { ApprovalAnswer, ApprovalRequest } from "../../permissions/gate.js";

interface Pending {
  request: ApprovalRequest;
  resolve: (answer: ApprovalAnswer) => void;
}

export class ApprovalQueue {
  private pending: Pending | undefined;
  private readonly listeners = new Set<() => void>();

  /** The permission check's `ask`: resolves when the user answers, or "no" when the run is interrupted. */
  readonly ask = (request: ApprovalRequest): Promise<ApprovalAnswer> =>
    new Promise((resolve) => {
      const onAbort = () => this.answer({ behavior: "deny", reason: "interrupted" });
      this.pending = {
        request,
        resolve: (answer) => {
          request.signal.removeEventListener("abort", onAbort);
          resolve(answer);
        },
      };
      if (request.signal.aborted) return onAbort();
      request.signal.addEventListener("abort", onAbort, { once: true });
      this.emit();
    });

  current(): ApprovalRequest | undefined {
    return this.pending?.request;
  }

  answer(answer: ApprovalAnswer): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.resolve(answer);
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
