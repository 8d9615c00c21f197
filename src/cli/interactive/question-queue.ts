// Questions from the running work to the screen (the approval box, the confirm box), shown one at a
// time in the order asked: the asker awaits the answer, React renders `current()` and calls `answer()`.
export class QuestionQueue<Q, A> {
  private readonly waiting: { question: Q; resolve: (answer: A) => void }[] = [];
  private readonly listeners = new Set<() => void>();

  /** Queues `question`; `resolve` gets its answer. */
  protected put(question: Q, resolve: (answer: A) => void): void {
    this.waiting.push({ question, resolve });
    if (this.waiting.length === 1) this.emit();
  }

  /** The question on screen. */
  current(): Q | undefined {
    return this.waiting[0]?.question;
  }

  /** Answers the question on screen. */
  answer(answer: A): void {
    const first = this.waiting.shift();
    if (!first) return;
    first.resolve(answer);
    this.emit();
  }

  /** Answers `question` wherever it is in the queue (its run was interrupted). */
  withdraw(question: Q, answer: A): void {
    const at = this.waiting.findIndex((w) => w.question === question);
    if (at === -1) return;
    const [entry] = this.waiting.splice(at, 1);
    entry!.resolve(answer);
    if (at === 0) this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
