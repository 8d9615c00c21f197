// Streaming an answer without redrawing it: completed Markdown blocks (text up to a blank line outside
// a code fence) leave the live region for Ink's <Static>, which prints them once. The live region keeps
// only the unfinished tail, and shows only its last lines. Each delta then costs in proportion to the
// delta, not to the answer so far (redrawing the whole answer per delta was quadratic: 540 KB took 22 s).

export interface StreamScan {
  /** Index in the live tail up to which complete lines have been looked at. */
  scanned: number;
  /** Whether that point lies inside a ``` or ~~~ code fence (a blank line there ends no block). */
  inFence: boolean;
  /** Whether part of the current answer already went to <Static>. */
  committed: boolean;
}

export const freshScan: StreamScan = { scanned: 0, inFence: false, committed: false };

const FENCE = /^ {0,3}(```|~~~)/;

/**
 * Appends `delta` to the live tail and splits off what is complete: `block` (to print once, or "")
 * and the new tail. Only the lines completed by this delta are examined.
 */
export function appendDelta(
  tail: string,
  scan: StreamScan,
  delta: string,
): { block: string; tail: string; scan: StreamScan } {
  const text = tail + delta;
  let { scanned, inFence } = scan;
  let boundary = -1;
  for (let nl = text.indexOf("\n", scanned); nl !== -1; nl = text.indexOf("\n", scanned)) {
    const line = text.slice(scanned, nl);
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence && line.trim() === "") boundary = nl + 1;
    scanned = nl + 1;
  }
  if (boundary === -1) return { block: "", tail: text, scan: { ...scan, scanned, inFence } };
  const block = text.slice(0, boundary).trim();
  return {
    block,
    tail: text.slice(boundary),
    scan: { scanned: scanned - boundary, inFence, committed: scan.committed || block !== "" },
  };
}

/** The last `maxLines` lines of `text` (each at most `maxLineChars`), without touching the rest. */
export function visibleTail(text: string, maxLines: number, maxLineChars: number): string {
  const charFloor = Math.max(0, text.length - maxLines * maxLineChars);
  let cut = text.endsWith("\n") ? text.length - 1 : text.length;
  for (let i = 0; i < maxLines; i++) {
    const nl = cut > 0 ? text.lastIndexOf("\n", cut - 1) : -1;
    if (nl === -1) return text.slice(charFloor);
    cut = nl;
  }
  return text.slice(Math.max(cut + 1, charFloor));
}
