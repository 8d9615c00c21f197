// The folders from the project root down to the working directory (both included), root first.
import path from "node:path";

export function projectChain(projectRoot: string, cwd: string): string[] {
  const root = path.resolve(projectRoot);
  const dir0 = path.resolve(cwd);
  const rel = path.relative(root, dir0);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return [dir0];
  const chain: string[] = [];
  for (let dir = dir0; ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (dir === root) break;
  }
  return chain;
}
