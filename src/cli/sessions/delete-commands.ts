// `sessions delete` and `sessions prune`.
import { statSync } from "node:fs";
import { homedir } from "node:os";
import { createInterface } from "node:readline/promises";
import { SessionLockedError, UsageError } from "../../errors.js";
import type { DeleteReport } from "../../sessions/manager.js";
import { type SessionSummary, summarizeFile } from "../../sessions/summary.js";
import { writeErr, writeOut } from "../output.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { type CommandOptions, managerFor, workingDirOf } from "./context.js";
import { parseAge } from "./duration.js";
import { summaryLine } from "./list-format.js";

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(sanitizeForTerminal(question));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function deleteCommand(ids: string[], options: CommandOptions): Promise<number> {
  const manager = await managerFor();
  const workingDir = workingDirOf(options);
  // Resolve every id first, so a typo deletes nothing.
  const paths: string[] = [];
  for (const id of ids) paths.push(await manager.sessionPath(id, { workingDir }));
  if (options.yes !== true) {
    if (!process.stdin.isTTY) {
      throw new UsageError(
        "Refusing to delete without confirmation (stdin is not a terminal). Pass --yes to delete.",
      );
    }
    const listing = paths.map((p) => `  ${p}`).join("\n");
    const ok = await confirm(
      `Delete ${ids.length} session${ids.length === 1 ? "" : "s"}?\n${listing}\n[y/N] `,
    );
    if (!ok) {
      writeErr("Nothing deleted.\n");
      return 1;
    }
  }
  for (const [i, id] of ids.entries()) {
    const report: DeleteReport[] = [];
    const owner = sessionWorkingDir(paths[i]!) ?? workingDir;
    const file = await manager.deleteSession(id, { workingDir, report });
    writeOut(`Deleted ${id} (${file})${backupsNote(report)}\n`);
    await forgetSessionCheckpoints(owner, [id]);
  }
  return 0;
}

/** The working directory a session file names (its checkpoints live in that directory's shadow repository). */
function sessionWorkingDir(file: string): string | undefined {
  try {
    return summarizeFile(file, statSync(file).size)?.working_dir;
  } catch {
    return undefined;
  }
}

/** Drops deleted sessions' checkpoints; a failure there is a warning (the sessions are deleted). */
async function forgetSessionCheckpoints(workingDir: string, ids: string[]): Promise<void> {
  try {
    const { forgetCheckpoints } = await import("../../checkpoints/maintenance.js");
    await forgetCheckpoints(workingDir, ids, process.env.HOME || homedir(), process.env);
  } catch (error) {
    writeErr(`Warning: could not remove the checkpoints of ${ids.join(", ")}: ${(error as Error).message}\n`);
  }
}

export async function pruneCommand(options: CommandOptions): Promise<number> {
  const ageMs = parseAge(String(options.olderThan ?? ""));
  const manager = await managerFor();
  const all = options.all === true;
  const sessions = all
    ? await manager.listSessions({ all: true })
    : await manager.listSessions({ workingDir: workingDirOf(options) });
  const cutoff = Date.now() - ageMs;
  const old = sessions.filter((s: SessionSummary) => {
    const updated = Date.parse(s.updated_at);
    return Number.isFinite(updated) && updated < cutoff;
  });
  const age = String(options.olderThan);
  if (old.length === 0) {
    writeOut(`No sessions older than ${age}.\n`);
    return 0;
  }
  if (options.dryRun) {
    const lines = old.map((s) => summaryLine(s, { showDir: all }));
    writeOut(`Would delete ${old.length} session${old.length === 1 ? "" : "s"}:\n${lines.join("\n")}\n`);
    return 0;
  }
  let deleted = 0;
  const report: DeleteReport[] = [];
  const gone = new Map<string, string[]>();
  for (const summary of old) {
    try {
      await manager.deleteSessionFile(summary.path, report);
      deleted++;
      gone.set(summary.working_dir, [...(gone.get(summary.working_dir) ?? []), summary.id]);
    } catch (error) {
      if (!(error instanceof SessionLockedError)) throw error;
      writeErr(`Skipped ${summary.id}: it is in use by another agenix process.\n`);
    }
  }
  for (const [dir, ids] of gone) await forgetSessionCheckpoints(dir, ids);
  writeOut(
    `Deleted ${deleted} session${deleted === 1 ? "" : "s"} older than ${age}${backupsNote(report)}.\n`,
  );
  return 0;
}

/** " and its 2 backups" when backups (`.bak-*` copies, full content) were deleted too. */
function backupsNote(reports: DeleteReport[]): string {
  const n = reports.reduce((sum, r) => sum + r.backups.length, 0);
  if (n === 0) return "";
  return ` and ${n} backup${n === 1 ? "" : "s"} (.bak-* copies)`;
}
