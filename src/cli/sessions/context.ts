// What every `sessions` command needs: the manager and the directory to look sessions up from.
import path from "node:path";
import { SessionManager } from "../../sessions/manager.js";

export type CommandOptions = Record<string, unknown>;

export function workingDirOf(options: CommandOptions): string {
  const given = options.workingDir;
  return typeof given === "string" && given !== "" ? path.resolve(given) : process.cwd();
}

export function managerFor(): SessionManager {
  return new SessionManager();
}

const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Removes terminal control and escape sequences from text shown on screen. */
export function plain(text: string): string {
  // Every sequence removed starts with a control character; most text has none (listing 10,000).
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(
    /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    "",
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
