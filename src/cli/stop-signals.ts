// SIGINT, SIGTERM and SIGHUP all mean "stop": Ctrl-C, `timeout`, `docker stop`, a closed terminal.
// The first one stops the running turn (a running bash command's whole process group is killed),
// the session is saved and the process exits with 128 + the signal number. A second one exits at
// once (anything unsaved is repaired when the session is next loaded).

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;
const SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as StopSignal[];

export interface StopSignals {
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  dispose(): void;
}

export function onStopSignals(onFirst: (signal: StopSignal) => void): StopSignals {
  let first: StopSignal | undefined;
  const handler = (signal: StopSignal) => {
    if (first) process.exit(SIGNAL_EXIT_CODES[first]);
    first = signal;
    // A closed terminal fails every later write with EIO; that must not crash the save.
    if (signal === "SIGHUP") ignoreWriteErrors();
    onFirst(signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return {
    received: () => first,
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, handler);
    },
  };
}

function ignoreWriteErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}
