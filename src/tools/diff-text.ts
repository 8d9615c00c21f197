// A unified diff of a file change, short enough for the model (and parsed by the terminal UI to show
// a coloured inline diff): a header, hunks with 3 lines of context, counts of added/removed lines.
import { structuredPatch } from "diff";

const MAX_DIFF_LINES = 60;

export function shortDiff(name: string, before: string, after: string) {
  const patch = structuredPatch(name, name, before, after, "", "", { context: 3 });
  const out: string[] = [`--- ${name}`, `+++ ${name}`];
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith("+")) added++;
      else if (line.startsWith("-")) removed++;
      out.push(line.replace(/\r$/, ""));
    }
  }
  const text =
    out.length > MAX_DIFF_LINES
      ? `${out.slice(0, MAX_DIFF_LINES).join("\n")}\n... ${out.length - MAX_DIFF_LINES} more diff lines`
      : out.join("\n");
  return { text, added, removed };
}
