// /ps: the model's background shells (bash run_in_background) of the current session: id, state,
// running time and command. They stop when the session ends (leaving agenix, /load of another).
import { describeShellStatus, type ShellInfo } from "../../tools/background-shells.js";
import { sanitizeForTerminal } from "../sanitize.js";
import type { CommandResult } from "./commands.js";
import type { ChatSession } from "./types.js";

export const PS_COMMANDS = [
  { name: "/ps", args: "", help: "the model's background shells (id, state, time)" },
];

export function psCommand(session: ChatSession, now = Date.now()): CommandResult {
  const shells = session.backgroundShells?.list() ?? [];
  if (shells.length === 0) {
    return { output: "No background shells. The model starts one with bash run_in_background." };
  }
  return { output: formatShells(shells, now) };
}

export function formatShells(shells: readonly ShellInfo[], now: number): string {
  const rows = shells.map((s) => [
    s.id,
    describeShellStatus(s),
    formatDuration((s.endedAt ?? now) - s.startedAt),
    commandLine(s.command),
  ]);
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  const lines = rows.map(
    ([id, state, time, command]) =>
      `  ${id!.padEnd(widths[0]!)}  ${state!.padEnd(widths[1]!)}  ${time!.padStart(widths[2]!)}  ${command}`,
  );
  const running = shells.filter((s) => s.running).length;
  return [`Background shells (${running} running; they stop when the session ends):`, ...lines].join("\n");
}

/** `45s`, `3m05s`, `2h07m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

function commandLine(command: string, max = 70): string {
  const flat = sanitizeForTerminal(command).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
