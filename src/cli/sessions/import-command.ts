// `agenix sessions import [path] [--from auto|agenix|claude-code|codex|pi|gemini|agenix-py]`.
import { existsSync } from "node:fs";
import path from "node:path";
import { AgenixError, UsageError } from "../../errors.js";
import type { AgentFormat } from "../../history/import/build.js";
import { defaultLocation, FORMATS, type SourceFormat } from "../../history/import/detect.js";
import { importTranscripts } from "../../history/import/run.js";
import { writeErr, writeOut } from "../output.js";
import { type CommandOptions, managerFor, workingDirOf } from "./context.js";
import { progressBar } from "./progress.js";

export async function importAnyCommand(target: string | undefined, options: CommandOptions): Promise<number> {
  const from = String(options.from ?? "auto") as SourceFormat | "auto";
  if (from !== "auto" && !FORMATS.includes(from)) {
    throw new UsageError(`Unknown --from: ${JSON.stringify(options.from)}. Use auto, ${FORMATS.join(", ")}.`);
  }
  if (target === undefined) {
    if (from === "auto" || from === "agenix") {
      throw new UsageError(
        "Give a file or folder to import, or --from <agent> to read that agent's default location.",
      );
    }
    target = defaultLocation(from as AgentFormat, undefined, workingDirOf(options));
    // Not a usage error (exit 1): the command is right, the transcripts are not there.
    if (!existsSync(target)) throw new AgenixError(`No ${from} transcripts found: ${target} does not exist.`);
  }
  const resolved = path.resolve(target);
  if (!existsSync(resolved)) throw new UsageError(`Nothing to import: ${resolved} does not exist.`);
  const bar = progressBar("Importing");
  const outcome = await importTranscripts(await managerFor(), resolved, {
    from,
    fallbackDir: workingDirOf(options),
    workingDirOverride: typeof options.workingDir === "string" ? workingDirOf(options) : undefined,
    onProgress: bar.update,
  }).finally(() => bar.done());
  const { imported, skipped, failed } = outcome;
  if (imported.length === 1 && skipped.length === 0 && failed.length === 0) {
    const one = imported[0]!;
    writeOut(`Imported session ${one.id}: ${one.file}\n`);
    if (one.skippedLines) writeErr(`${unusableLines(one)}\n`);
    writeErr(`Continue it with: agenix --session ${one.id}\n`);
    return 0;
  }
  for (const one of imported) {
    writeOut(`Imported ${one.agent} ${one.path} as ${one.id}\n`);
    if (one.skippedLines) writeErr(`${unusableLines(one)}\n`);
  }
  for (const one of failed) writeErr(`Failed: ${one.path}: ${one.reason}\n`);
  const lines = imported.reduce((n, i) => n + i.skippedLines, 0);
  const quiet = skipped.filter((s) => s.reason === "not a transcript of a known agent").length;
  for (const one of skipped)
    if (one.reason !== "not a transcript of a known agent") writeErr(`Skipped: ${one.path}: ${one.reason}\n`);
  writeOut(
    `Imported ${imported.length}, skipped ${skipped.length}${quiet ? ` (${quiet} not transcripts)` : ""}, failed ${failed.length}` +
      `${lines ? `; ${lines} unusable line(s) skipped` : ""}.\n`,
  );
  return failed.length > 0 && imported.length === 0 ? 1 : 0;
}

/** Names the file and why lines go unused (not JSON, nested too deep, too long to read, or dropped). */
function unusableLines(one: { path: string; skippedLines: number }): string {
  return (
    `Skipped ${one.skippedLines} line(s) of ${one.path} that could not be used ` +
    "(not JSON, nested too deep or too long to read, or entries dropped to keep the history valid)."
  );
}
