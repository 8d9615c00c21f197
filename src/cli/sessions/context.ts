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

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
