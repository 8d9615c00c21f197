// The bridge between the permission check (which awaits an answer) and the approval box (which
// React renders): one question at a time, answered by the box or by an interrupt.
import type { ApprovalAnswer, ApprovalRequest } from "../../permissions/gate.js";
import { QuestionQueue } from "./question-queue.js";

const INTERRUPTED: ApprovalAnswer = { behavior: "deny", reason: "interrupted" };

export class ApprovalQueue extends QuestionQueue<ApprovalRequest, ApprovalAnswer> {
  /** The permission check's `ask`: resolves when the user answers, or "no" when the run is interrupted. */
  readonly ask = (request: ApprovalRequest): Promise<ApprovalAnswer> =>
    new Promise((resolve) => {
      if (request.signal.aborted) return resolve(INTERRUPTED);
      const onAbort = () => this.withdraw(request, INTERRUPTED);
      request.signal.addEventListener("abort", onAbort, { once: true });
      this.put(request, (answer) => {
        request.signal.removeEventListener("abort", onAbort);
        resolve(answer);
      });
    });
}
