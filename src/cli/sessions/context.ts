// What every `sessions` command needs: the manager and the directory to look sessions up from.
import { resolveDir } from "../../config.js";
import { SessionManager } from "../../sessions/manager.js";
import { writeJson } from "../output.js";

export type CommandOptions = Record<string, unknown>;

export function workingDirOf(options: CommandOptions): string {
  const given = options.workingDir;
  return resolveDir(typeof given === "string" ? given : undefined, process.cwd(), process.env);
}

export function managerFor(): SessionManager {
  return new SessionManager();
}

export function printJson(value: unknown): void {
  writeJson(value);
}
