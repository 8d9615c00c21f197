// The bubblewrap command line for a sandbox policy. Pure: what exists on disk comes in as `kind`,
// so every mount decision is a unit test. Later mounts cover earlier ones, so the order is:
// the whole filesystem read-only, then the writable places, then what stays read-only inside
// them (.git, .agenix, .claude), then what is hidden (secret folders and files).
import path from "node:path";
import type { SandboxPolicy } from "./config.js";

export type PathKind = "dir" | "file" | undefined;

export interface BwrapInput {
  policy: SandboxPolicy;
  /** Files to hide (found by secret-files.ts: .env*, *.pem, id_* in the working directory). */
  secretFiles: readonly string[];
  /** What is at a path (after following links), undefined when nothing is. */
  kind(p: string): PathKind;
  /**
   * Guard protected folders that do not exist yet (default true): an empty read-only folder is
   * mounted there, so a command cannot create `.git/hooks` or `.agenix/extensions`. bubblewrap
   * creates the mount point in the project; removeProtectedPlaceholders takes it away afterwards.
   */
  guardMissing?: boolean;
}

function isInside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Protected folders a workspace-write sandbox guards with an empty read-only folder (missing now). */
export function missingProtectedDirs(policy: SandboxPolicy, kind: (p: string) => PathKind): string[] {
  return policy.mode === "workspace-write" ? policy.protectedDirs.filter((p) => !kind(p)) : [];
}

export function bwrapArgs({ policy, secretFiles, kind, guardMissing = true }: BwrapInput): string[] {
  const args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"];
  const bind = (flag: string, p: string) => {
    if (kind(p)) args.push(flag, p, p);
  };
  const writable = [policy.tmpDir, ...policy.allowWrite];
  if (policy.mode === "workspace-write") writable.push(policy.workingDir);
  for (const p of writable) bind("--bind", p);
  // read-only: a working directory inside the temp directory stays read-only too.
  if (policy.mode === "read-only" && writable.some((w) => isInside(policy.workingDir, w)))
    bind("--ro-bind", policy.workingDir);
  for (const p of policy.protectedDirs) bind("--ro-bind", p);
  if (guardMissing)
    for (const p of missingProtectedDirs(policy, kind)) args.push("--tmpfs", p, "--remount-ro", p);
  for (const p of policy.denyRead) {
    const what = kind(p);
    if (what === "dir") args.push("--tmpfs", p, "--remount-ro", p);
    else if (what === "file") args.push("--ro-bind", "/dev/null", p);
  }
  for (const p of secretFiles) if (kind(p) === "file") args.push("--ro-bind", "/dev/null", p);
  args.push(
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--die-with-parent",
    "--new-session",
    "--chdir",
    policy.workingDir,
  );
  return args;
}
