// Helpers for ink-testing-library: wait for a frame to satisfy a condition (with a deadline), never sleep.
export async function waitFor<T>(
  probe: () => T | undefined | false,
  what: string,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets effects (useInput subscriptions) run after a render or a state change. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const KEY = {
  enter: "\r",
  up: "\u001b[A",
  down: "\u001b[B",
  left: "\u001b[D",
  right: "\u001b[C",
  backspace: "\u007f",
  tab: "\t",
  escape: "\u001b",
  ctrlC: "\u0003",
  ctrlD: "\u0004",
  ctrlO: "\u000f",
};
