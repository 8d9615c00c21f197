// Paths as the permission check sees them: a tool's path argument resolved like the tools resolve
// it (`~`, relative to the working directory), plus the same path with symbolic links followed, so
// `../x` and a link that points out of the working directory are both recognised as outside.
import path from "node:path";
import { pathGlobRegex } from "./glob.js";
import type { PathContext } from "./types.js";

export interface ResolvedPath {
  /** As written, made absolute. */
  lexical: string;
  /** With symbolic links followed (equal to lexical when nothing is a link). */
  real: string;
}

export function expandHome(input: string, home: string): string {
  if (input === "~") return home;
  if (input.startsWith("~/")) return path.join(home, input.slice(2));
  return input;
}

export function resolveToolPath(input: string, ctx: PathContext): ResolvedPath {
  const lexical = path.resolve(ctx.workingDir, expandHome(input, ctx.home));
  const real = ctx.realpath ? ctx.realpath(lexical) : lexical;
  return { lexical, real };
}

export function isInside(absolute: string, dir: string): boolean {
  const rel = path.relative(dir, absolute);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Inside the working directory both as written and with links followed. */
export function insideWorkingDir(p: ResolvedPath, ctx: PathContext): boolean {
  const realDir = ctx.realpath ? ctx.realpath(ctx.workingDir) : ctx.workingDir;
  return (
    isInside(p.lexical, ctx.workingDir) && (isInside(p.real, realDir) || isInside(p.real, ctx.workingDir))
  );
}

/** Folders and files under home that hold credentials (reads ask; the sandbox hides them). */
export const SECRET_HOME_DIRS = [
  ".ssh",
  ".aws",
  ".config/gcloud",
  ".gnupg",
  ".azure",
  ".kube",
  ".config/gh",
  ".netrc",
  ".git-credentials",
  ".pgpass",
  ".docker/config.json",
  ".claude/.credentials.json",
  ".codex/auth.json",
];

/** File names that may hold secrets, wherever they are (.env*, *.pem, id_*). */
export function isSecretFileName(base: string): boolean {
  return base.startsWith(".env") || base.endsWith(".pem") || base.startsWith("id_");
}

/** The built-in secret locations (asked before reading, unless an explicit allow rule matches). */
export function secretReason(p: ResolvedPath, ctx: PathContext): string | undefined {
  for (const candidate of p.lexical === p.real ? [p.lexical] : [p.lexical, p.real]) {
    const base = path.basename(candidate);
    if (base.startsWith(".env")) return "it may hold secrets (.env files)";
    if (base.endsWith(".pem")) return "it may hold a private key (*.pem)";
    if (base.startsWith("id_")) return "it may hold a private key (id_*)";
    if (/^\/proc\/[^/]+\/(task\/[^/]+\/)?(environ|cmdline|mem)$/.test(candidate))
      return "it is a process's environment or command line, which may hold secrets";
    for (const dir of SECRET_HOME_DIRS) {
      const secret = path.join(ctx.home, dir);
      if (candidate === secret) return `~/${dir} holds credentials`;
      if (isInside(candidate, secret)) return `it is in ~/${dir}, which holds credentials`;
    }
    if (ctx.sessionsDir && isInside(candidate, ctx.sessionsDir))
      return "it is in the agenix sessions folder (every saved conversation)";
  }
  return undefined;
}

/** A rule's path pattern as an absolute glob: `~/x`, `/abs/x`, `dir/x` (under the working dir), `name` (anywhere below it). */
export function absolutePattern(pattern: string, ctx: PathContext): string {
  if (pattern === "~" || pattern.startsWith("~/")) return expandHome(pattern, ctx.home);
  if (path.isAbsolute(pattern)) return pattern;
  const rel = pattern.replace(/^\.\//, "");
  const base = ctx.workingDir.endsWith("/") ? ctx.workingDir : `${ctx.workingDir}/`;
  return pattern.includes("/") ? `${base}${rel}` : `${base}**/${rel}`;
}

export function pathMatches(pattern: string, absolute: string, ctx: PathContext): boolean {
  return pathGlobRegex(absolutePattern(pattern, ctx)).test(absolute);
}

/** How a suggested rule names a path: relative inside the working directory, `~/` under home, else absolute. */
export function rulePath(absolute: string, ctx: PathContext): string {
  if (isInside(absolute, ctx.workingDir) && absolute !== ctx.workingDir)
    return path.relative(ctx.workingDir, absolute);
  if (absolute === ctx.home) return "~";
  if (isInside(absolute, ctx.home)) return `~/${path.relative(ctx.home, absolute)}`;
  return absolute;
}
