// `sessions list`, `show`, `path`, `export`.
import { chmod, open } from "node:fs/promises";
import { homedir } from "node:os";
import { parentLink } from "../../messages/subagent-link.js";
import { writeErr, writeJsonText, writeOut } from "../output.js";
import { type CommandOptions, managerFor, printJson, workingDirOf } from "./context.js";
import { summaryJson, summaryLine } from "./list-format.js";
import { formatConversation } from "./show-format.js";

export async function listCommand(options: CommandOptions): Promise<number> {
  const manager = await managerFor();
  const all = options.all === true;
  const workingDir = workingDirOf(options);
  const rescan = options.rescan === true;
  const listed = all
    ? await manager.listSessions({ all: true, rescan })
    : await manager.listSessions({ workingDir, rescan });
  // Subagents' sessions belong to their parents: listed only with --all-agents.
  const sessions = options.allAgents === true ? listed : listed.filter((s) => !parentLink(s.metadata));
  const hidden = listed.length - sessions.length;
  if (options.json) {
    printJson(sessions.map(summaryJson));
    return 0;
  }
  const hiddenNote =
    hidden > 0
      ? `(${hidden} subagent session${hidden === 1 ? "" : "s"} not listed: agenix sessions list --all-agents lists them)\n`
      : "";
  if (sessions.length === 0) {
    const where = all ? "" : ` for ${workingDir}`;
    const hint = all ? "" : " (agenix sessions list --all shows every directory's)";
    writeOut(`No sessions${where} yet. Start one with: agenix "your message"${hint}\n${hiddenNote}`);
    return 0;
  }
  // One string, one write: listing 10,000 sessions must not build arrays of lines.
  const how = { showDir: all };
  let text = "Available sessions:\n";
  for (const s of sessions) text += `${summaryLine(s, how)}\n`;
  writeOut(text + hiddenNote);
  return 0;
}

export async function showCommand(id: string, options: CommandOptions): Promise<number> {
  const manager = await managerFor();
  const workingDir = workingDirOf(options);
  if (options.json) {
    const text = await manager.sessionText(id, { workingDir });
    writeJsonText(typeof text === "string" ? text : text.toString("utf8"));
    return 0;
  }
  const data = await manager.loadSession(id, { workingDir });
  const children = (await manager.listSessions({ workingDir: data.working_dir })).filter(
    (s) => parentLink(s.metadata)?.session_id === data.id,
  );
  writeOut(formatConversation(data, children));
  return 0;
}

export async function pathCommand(id: string, options: CommandOptions): Promise<number> {
  const file = await (await managerFor()).sessionPath(id, { workingDir: workingDirOf(options) });
  writeOut(`${file}\n`);
  return 0;
}

export async function exportCommand(id: string, options: CommandOptions): Promise<number> {
  const { json, redactions } = await (await managerFor()).exportSession(id, {
    workingDir: workingDirOf(options),
    redact: options.redact === true,
    home: homedir(),
  });
  const output = typeof options.output === "string" ? options.output : undefined;
  if (output) {
    const handle = await open(output, "w", 0o600);
    try {
      await handle.writeFile(json);
    } finally {
      await handle.close();
    }
    await chmod(output, 0o600);
    writeErr(`Exported ${id} to ${output}\n`);
  } else {
    writeJsonText(json);
  }
  if (options.redact) writeErr(`Redacted ${redactions} secret${redactions === 1 ? "" : "s"}\n`);
  return 0;
}
