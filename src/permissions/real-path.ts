// Following symbolic links for the permission check: a file that does not exist yet (a write's
// target) is resolved through its longest existing parent, so `link/new.txt` with `link -> /etc`
// is seen as /etc/new.txt.
import { realpathSync } from "node:fs";
import path from "node:path";

export function realpathOfLongestPrefix(absolute: string): string {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = realpathSync.native(current);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
