// Yes/no questions a slash command asks in the middle of its work (e.g. "/undo would overwrite
// these files: go on?"), answered in the confirm box. One question at a time; the answer defaults
// to no (Enter, Esc, Ctrl-C).
import { useEffect, useRef, useState } from "react";
import type { Confirm, Confirmation } from "../restore-asking.js";

export type { Confirm, Confirmation };

export class ConfirmQueue {
  private pending: { question: Confirmation; resolve: (yes: boolean) => void } | undefined;
  private readonly listeners = new Set<() => void>();

  readonly ask: Confirm = (question) =>
    new Promise((resolve) => {
      this.pending?.resolve(false); // never two at once: an earlier one is a no
      this.pending = { question, resolve };
      this.emit();
    });

  current(): Confirmation | undefined {
    return this.pending?.question;
  }

  answer(yes: boolean): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.resolve(yes);
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

/** The app's queue: `confirm` to ask, `question` (rendered as the box) and `answer` for the box. */
export function useConfirmations(): {
  confirm: Confirm;
  question: Confirmation | undefined;
  answer(yes: boolean): void;
} {
  const queue = useRef(new ConfirmQueue()).current;
  const [question, setQuestion] = useState<Confirmation | undefined>(undefined);
  useEffect(() => queue.subscribe(() => setQuestion(queue.current())), [queue]);
  return { confirm: queue.ask, question, answer: (yes) => queue.answer(yes) };
}
