// `sessions rename`, `tag`, `repair`.
import { writeOut } from "../output.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { type CommandOptions, managerFor, workingDirOf } from "./context.js";

export async function renameCommand(id: string, name: string, options: CommandOptions): Promise<number> {
  const data = await (await managerFor()).updateMetadata(id, (metadata) => ({ ...metadata, name }), {
    workingDir: workingDirOf(options),
  });
  writeOut(`Renamed ${data.id} to "${sanitizeForTerminal(name)}"\n`);
  return 0;
}

export async function tagCommand(id: string, tags: string[], options: CommandOptions): Promise<number> {
  const remove = options.remove === true;
  const data = await (await managerFor()).updateMetadata(
    id,
    (metadata) => {
      const current = metadata.tags ?? [];
      const next = remove ? current.filter((t) => !tags.includes(t)) : [...new Set([...current, ...tags])];
      return { ...metadata, tags: next };
    },
    { workingDir: workingDirOf(options) },
  );
  const now = data.metadata.tags ?? [];
  writeOut(`Tags of ${data.id}: ${now.length ? now.map(sanitizeForTerminal).join(", ") : "(none)"}\n`);
  return 0;
}

export async function repairCommand(id: string, options: CommandOptions): Promise<number> {
  const result = await (await managerFor()).repairSession(id, { workingDir: workingDirOf(options) });
  if (!result.changed) {
    writeOut(`Session ${id} is valid; nothing to repair (${result.messages} messages).\n`);
    return 0;
  }
  const notes: string[] = [];
  if (result.skipped)
    notes.push(`${result.skipped} damaged message${result.skipped === 1 ? "" : "s"} dropped`);
  if (result.addedToolResults) notes.push(`${result.addedToolResults} interrupted tool call(s) closed`);
  if (result.movedToolResults) notes.push(`${result.movedToolResults} tool result(s) moved after their call`);
  if (result.droppedToolResults)
    notes.push(
      `${result.droppedToolResults} tool result(s) dropped (no call of that id, or one already answered)`,
    );
  if (result.renamedToolCalls) notes.push(`${result.renamedToolCalls} duplicate tool call id(s) renamed`);
  const extra = notes.length ? ` (${notes.join("; ")})` : "";
  writeOut(
    `Repaired ${result.path}: kept ${result.messages} messages${extra}.\nThe original is kept as ${result.backup}\n`,
  );
  return 0;
}

export async function unlockCommand(id: string, options: CommandOptions): Promise<number> {
  const result = await (await managerFor()).unlockSession(id, { workingDir: workingDirOf(options) });
  if (!result.removed) {
    writeOut(`Session ${id} is not locked.\n`);
    return 0;
  }
  const holder = result.holder;
  const who = holder
    ? holder.state === "unknown"
      ? ` (it named pid ${holder.pid} on host ${sanitizeForTerminal(holder.hostname)}, which this machine cannot check)`
      : ` (its owner, pid ${holder.pid} on host ${sanitizeForTerminal(holder.hostname)}, is no longer running)`
    : " (it named no owner)";
  writeOut(`Removed the lock of session ${id}: ${result.file}${who}\n`);
  return 0;
}
