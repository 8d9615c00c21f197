// Yes/no questions a slash command asks in the middle of its work (e.g. "/undo would overwrite
// these files: go on?"), answered in the confirm box, one at a time in the order asked; the answer
// defaults to no (Enter, Esc, Ctrl-C).
import type { Confirm, Confirmation } from "../restore-asking.js";
import { QuestionQueue } from "./question-queue.js";

export type { Confirm, Confirmation };

export class ConfirmQueue extends QuestionQueue<Confirmation, boolean> {
  readonly ask: Confirm = (question) => new Promise((resolve) => this.put(question, resolve));
}
