// Path handling for tools: relative paths belong to the session's working directory, never to the
// process's current directory (an SDK user may run sessions for many directories in one process).
import { homedir } from "node:os";
import path from "node:path";

/** Absolute path for `input`: `~` expands to the home directory, relative paths join `workingDir`. */
export function resolvePath(workingDir: string, input: string): string {
  let p = input;
  if (p === "~") p = homedir();
  else if (p.startsWith("~/")) p = path.join(homedir(), p.slice(2));
  return path.resolve(workingDir, p);
}

/** How to show `absolute` to the model and user: relative to `workingDir` inside it, else absolute. */
export function displayPath(workingDir: string, absolute: string): string {
  const rel = path.relative(workingDir, absolute);
  if (rel === "") return ".";
  if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return absolute;
  return rel;
}

/**
 * The test a walking tool applies to what it finds below `target` (ToolContext.walkFilter), or
 * undefined when nothing is left out. A target that is itself a secret was approved by name for
 * this call, so nothing below it is left out either.
 */
export function walkSkip(
  tool: string,
  target: string,
  ctx: { walkFilter?: (tool: string) => (absolute: string) => boolean },
): ((absolute: string) => boolean) | undefined {
  const hidden = ctx.walkFilter?.(tool);
  if (!hidden || hidden(target)) return undefined;
  return hidden;
}
