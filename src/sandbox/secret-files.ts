// Secret files (.env*, *.pem, id_*) the sandbox hides: found by a bounded walk of the working
// directory (dependency and VCS folders skipped) and the top of the home folder. Files created
// after the sandbox started are not hidden from it (docs/sandbox.md says so).
import { type Dirent, readdirSync } from "node:fs";
import path from "node:path";
import { isSecretFileName } from "../permissions/paths.js";

const SKIP = new Set(["node_modules", ".git", ".hg", ".svn", "target", ".venv", "venv", "__pycache__"]);
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 8;

export function findSecretFiles(workingDir: string, home: string): string[] {
  const found: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIP.has(entry.name)) walk(full, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isSecretFileName(entry.name)) found.push(full);
    }
  };
  walk(workingDir, 0);
  try {
    for (const entry of readdirSync(home, { withFileTypes: true }))
      if (entry.isFile() && isSecretFileName(entry.name)) found.push(path.join(home, entry.name));
  } catch {
    // no readable home
  }
  return [...new Set(found)];
}
