// Commands that read whole folder trees (`grep -r`, `rg`, `diff -r`) read every file below their
// folder arguments: `grep -r TOKEN .` reads `.env`, `grep -r key ~` reads ~/.ssh. Those files are
// reads like any other: each is checked (deny rules, secret paths) by walking the tree, within a
// budget; a tree too large to check asks.
import path from "node:path";
import { parseOptions } from "./getopt.js";
import { COMMANDS } from "./read-only.js";
import type { Decision, ReadDir } from "./types.js";

const BUDGET = 5000;
/** Folders the tools themselves skip or that hold no user files worth a secret check. */
const SKIPPED = new Set(["node_modules", ".git"]);
const GREPS = new Set(["grep", "egrep", "fgrep"]);

/** The folders a command reads recursively (relative words as written), or [] when it does not. */
export function recursiveRoots(words: readonly string[]): { roots: string[]; hidden: boolean } {
  const [name = "", ...args] = words;
  const none = { roots: [], hidden: false };
  const recursive = GREPS.has(name) || name === "rg" || name === "diff";
  const spec = COMMANDS[name];
  if (!recursive || !spec) return none;
  const parsed = parseOptions(args, spec.grammar);
  if (!parsed.ok) return none;
  const has = (...names: string[]) => parsed.options.some((o) => names.includes(o.name));
  if (name === "diff") return has("-r", "--recursive") ? { roots: parsed.operands, hidden: true } : none;
  if (GREPS.has(name) && !has("-r", "-R", "--recursive", "--dereference-recursive")) return none;
  const patternGiven = has("-e", "-f", "--regexp", "--file");
  const operands = patternGiven ? parsed.operands : parsed.operands.slice(1);
  // rg skips hidden files unless told otherwise; grep -r reads them all.
  const hidden = GREPS.has(name) || has("--hidden", "-.", "-u", "--unrestricted", "--no-ignore");
  return { roots: operands.length > 0 ? operands : ["."], hidden };
}

/**
 * Walks a folder and decides each file as a read; the first that is not allowed decides.
 * Undefined when every file is allowed (or the root is not a folder).
 */
export function checkTree(
  root: string,
  hidden: boolean,
  readDir: ReadDir,
  decideFile: (absolute: string) => Decision,
): Decision | undefined {
  const pending = [root];
  let seen = 0;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const entries = readDir(dir);
    if (!entries) continue;
    for (const entry of entries) {
      if (++seen > BUDGET)
        return {
          behavior: "ask",
          reason: `${root} holds more than ${BUDGET} files, too many to check against secret paths and deny rules`,
          suggestions: [],
          modeHint: "yolo",
        };
      if (!hidden && entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      const decision = decideFile(full);
      if (decision.behavior !== "allow") return decision;
      if (entry.dir && !SKIPPED.has(entry.name)) pending.push(full);
    }
  }
  return undefined;
}
