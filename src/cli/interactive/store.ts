// A piece of UI state outside React: the controllers (app-controller.ts, prompt-controller.ts)
// hold it and change it; a component reads it with useStore() (use-store.ts) and re-renders on change.

export class Store<S extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(protected state: S) {}

  /** The current state; a new object after every change (so React sees the change). */
  readonly getState = (): S => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
