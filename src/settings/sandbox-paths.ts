// Paths in settings `sandbox.allowWrite` / `sandbox.denyRead`: `~/x` and absolute paths as written,
// relative ones against the project root, which they must not leave (`../elsewhere` would quietly
// widen the sandbox from a file that looks project-local): that is an error naming the setting.
import path from "node:path";
import { SandboxConfigError } from "../errors.js";
import type { SettingsData } from "./schema.js";

export function resolveSandboxPaths(
  sandbox: NonNullable<SettingsData["sandbox"]>,
  file: string,
  projectRoot: string,
  home: string,
): void {
  for (const key of ["allowWrite", "denyRead"] as const) {
    const list = sandbox[key];
    if (!list) continue;
    sandbox[key] = list.map((value) => {
      if (value === "~") return home;
      if (value.startsWith("~/")) return path.join(home, value.slice(2));
      if (path.isAbsolute(value)) return path.normalize(value);
      const resolved = path.resolve(projectRoot, value);
      const rel = path.relative(projectRoot, resolved);
      if (rel.startsWith("..") || path.isAbsolute(rel))
        throw new SandboxConfigError(
          `${file}: sandbox.${key}: the relative path ${JSON.stringify(value)} leads outside the project (${projectRoot}); write an absolute path or ~/... if you mean it`,
        );
      return resolved;
    });
  }
}
