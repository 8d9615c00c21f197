// `agenix checkpoints list | diff | restore`: the checkpoints recorded in the sessions of the working
// directory (docs/checkpoints.md). Restore takes the session's lock and records itself as a checkpoint.
import { homedir } from "node:os";
import type { RestoreOptions, RestoreOutcome } from "../../agent/checkpoint-keeper.js";
import type { ShadowCheckpoints } from "../../checkpoints/keeper.js";
import { openCheckpoints } from "../../checkpoints/open.js";
import { unifiedDiff } from "../../checkpoints/tree-diff.js";
import { findByPrefix, turnOf } from "../../checkpoints/undo-stack.js";
import { CheckpointError, UsageError } from "../../errors.js";
import type { CheckpointRecord, SessionData } from "../../messages/types.js";
import { askYesNo } from "../ask-yes-no.js";
import { writeErr, writeJson, writeOut } from "../output.js";
import { type Confirmation, restoreAsking } from "../restore-asking.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { type CommandOptions, managerFor, workingDirOf } from "../sessions/context.js";

interface Found {
  session: SessionData;
  record: CheckpointRecord;
}

async function sessionsOf(options: CommandOptions): Promise<SessionData[]> {
  const manager = await managerFor();
  const workingDir = workingDirOf(options);
  if (typeof options.session === "string")
    return [await manager.loadSession(options.session, { workingDir })];
  const summaries = await manager.listSessions({ workingDir });
  const loaded: SessionData[] = [];
  for (const summary of summaries) {
    try {
      loaded.push(await manager.loadSession(summary.id, { workingDir }));
    } catch {
      // a damaged session has no checkpoints to offer; `sessions list` reports it
    }
  }
  return loaded.reverse(); // oldest first
}

async function keeperFor(workingDir: string): Promise<ShadowCheckpoints> {
  const { loadSettings } = await import("../../settings/load.js");
  const settings = await loadSettings({ cwd: process.cwd() });
  const opened = openCheckpoints(
    workingDir,
    process.env.HOME || homedir(),
    process.env,
    settings.values.checkpoints,
  );
  if (!opened.keeper) throw new CheckpointError(opened.notice ?? "Checkpoints are off.");
  return opened.keeper;
}

/** The checkpoint `id` in the working directory's sessions (or --session's). */
async function find(id: string, options: CommandOptions): Promise<Found> {
  if (!/^[0-9a-f]{4,40}$/i.test(id.trim())) {
    throw new UsageError(
      `Invalid checkpoint id: ${JSON.stringify(id)} (expected 4 to 40 hex digits, as agenix checkpoints list shows them).`,
    );
  }
  const sessions = await sessionsOf(options);
  const hits: Found[] = [];
  for (const session of sessions) {
    try {
      hits.push({ session, record: findByPrefix(session.checkpoints ?? [], id) });
    } catch (error) {
      if (!(error instanceof CheckpointError) || /Invalid|ambiguous/.test(error.message)) throw error;
    }
  }
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) {
    throw new CheckpointError(
      `No checkpoint ${id} in the sessions of ${workingDirOf(options)} (see: agenix checkpoints list; another directory: --working-dir).`,
    );
  }
  throw new CheckpointError(`Checkpoint id ${id} is in several sessions; pass --session <id>.`);
}

export async function listCommand(options: CommandOptions): Promise<number> {
  const sessions = await sessionsOf(options);
  const rows = sessions.flatMap((session) =>
    (session.checkpoints ?? []).map((record) => ({ session, record })),
  );
  if (options.json === true) {
    writeJson(
      rows.map(({ session, record }) => ({
        id: record.id,
        session_id: session.id,
        message_index: record.message_index,
        created_at: record.created_at,
        files_changed: record.files_changed,
        lines_added: record.lines_added,
        lines_removed: record.lines_removed,
        trigger: record.trigger,
        ...(record.tool ? { tool: record.tool } : {}),
        ...(record.restored_to ? { restored_to: record.restored_to } : {}),
      })),
    );
    return 0;
  }
  if (rows.length === 0) {
    writeOut(`No checkpoints in the sessions of ${workingDirOf(options)}.\n`);
    return 0;
  }
  const lines = [
    "TIME                  SESSION                 CHECKPOINT    TURN  WHAT             FILES  +/-",
  ];
  for (const { session, record } of rows) {
    const users = session.messages.flatMap((m, i) => (m.role === "user" ? [i] : []));
    const what =
      record.trigger === "turn"
        ? "before turn"
        : record.trigger === "tool"
          ? `after ${record.tool ?? "tool"}`
          : `${record.trigger} ${(record.restored_to ?? "").slice(0, 8)}`.trim();
    lines.push(
      [
        record.created_at.replace("T", " ").replace("Z", "").padEnd(21),
        session.id.padEnd(23),
        record.id.padEnd(13),
        String(turnOf(record, users)).padStart(4),
        ` ${what.padEnd(16)}`,
        String(record.files_changed).padStart(5),
        ` +${record.lines_added} -${record.lines_removed}`,
      ].join(" "),
    );
  }
  writeOut(`${lines.join("\n")}\n`);
  return 0;
}

export async function diffCommand(
  from: string,
  to: string | undefined,
  options: CommandOptions,
): Promise<number> {
  const start = await find(from, options);
  const keeper = await keeperFor(start.session.working_dir);
  let goal: string;
  if (to !== undefined) goal = (await find(to, options)).record.commit;
  else {
    goal = await keeper.currentTree(); // the files as they are now
  }
  const text = await unifiedDiff(keeper.target, start.record.commit, goal);
  writeOut(text === "" ? "No differences.\n" : text);
  return 0;
}

export async function restoreCommand(id: string, options: CommandOptions): Promise<number> {
  const found = await find(id, options);
  const manager = await managerFor();
  const workingDir = found.session.working_dir;
  const release = await manager.acquireLock(found.session.id, { workingDir });
  try {
    // Loaded again under the lock: the copy read for the lookup may be stale.
    const data = await manager.loadSession(found.session.id, { workingDir });
    const keeper = await keeperFor(workingDir);
    const attempt = (more: RestoreOptions) =>
      keeper.restore(
        data,
        found.record.id,
        { force: options.force === true, dryRun: options.dryRun === true, ...more },
        (text) => writeErr(`${text}\n`),
      );
    // On a terminal, files changed outside agenix are listed and asked about; elsewhere: the error.
    const asking = options.force !== true && options.dryRun !== true && process.stdin.isTTY === true;
    const outcome = asking ? await restoreAsking(attempt, askOnTerminal, "Restoring") : await attempt({});
    if (outcome === "declined") {
      writeErr("Nothing was changed.\n");
      return 1;
    }
    if (outcome.record) {
      data.checkpoints = [...(data.checkpoints ?? []), outcome.record];
      await manager.saveSession(data);
    }
    report(outcome, found.record.id, options.dryRun === true);
    return 0;
  } finally {
    await release();
  }
}

/** A [y/N] question on stderr listing the files; Enter, anything but yes, or Ctrl-C is no. */
async function askOnTerminal(question: Confirmation): Promise<boolean> {
  const items = question.items.map((f) => `  ${sanitizeForTerminal(JSON.stringify(f).slice(1, -1))}`);
  const text = `${question.title}\n${items.join("\n")}\nOverwrite them? [y/N] `;
  return (await askYesNo(text, process.stdin, process.stderr)) === true;
}

function report(outcome: RestoreOutcome, id: string, dryRun: boolean): void {
  if (outcome.changes.length === 0) writeOut(`The files already match checkpoint ${id}.\n`);
  else {
    const lines = outcome.changes.map(
      (c) => `  ${(dryRun ? `would be ${c.action}` : c.action).padEnd(19)} ${c.path}`,
    );
    const head = dryRun ? `Restoring checkpoint ${id} would change:` : `Restored checkpoint ${id}:`;
    writeOut(`${head}\n${lines.join("\n")}\n`);
  }
  if (outcome.record) writeOut(`Undo this restore with: agenix checkpoints restore ${outcome.record.id}\n`);
  for (const file of outcome.skipped) writeErr(`Left alone (over checkpoints.maxFileBytes): ${file}\n`);
}
