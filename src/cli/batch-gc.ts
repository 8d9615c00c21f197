// Garbage collection for commands that run once and exit (`agenix sessions ...`, `config`, `mcp`).
// V8 starts an incremental mark of the old generation once the heap has grown past a soft limit,
// and Node waits for a started mark to finish before the process exits: listing 10,000 sessions
// spent ~12 ms after its output just on that. A command that exits right away never needs the
// collection, and without incremental marking V8 only collects (all at once) at the hard limit, so
// large imports and reports still collect. The interactive UI keeps incremental marking: a pause
// there would be visible.
import { setFlagsFromString } from "node:v8";

export function useBatchGc(): void {
  setFlagsFromString("--no-incremental-marking");
}
