// Finding what the sandbox needs on this machine: bubblewrap on PATH and the supervisor program
// (its own bundle entry, beside the running code).
import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

/** dist/bin/chunks/sandbox-supervisor.js, found from the bundle, the tsc build or the sources. */
export function supervisorPath(): string {
  const candidates = [
    new URL("./sandbox-supervisor.js", import.meta.url),
    new URL("./chunks/sandbox-supervisor.js", import.meta.url),
    new URL("./supervisor.js", import.meta.url),
    new URL("../../dist/bin/chunks/sandbox-supervisor.js", import.meta.url),
  ];
  for (const url of candidates) {
    if (url.protocol !== "file:") continue;
    const file = fileURLToPath(url);
    if (file.endsWith(".js") && existsSync(file)) return file;
  }
  throw new Error("the sandbox supervisor (sandbox-supervisor.js) is missing: run `npm run build`");
}
