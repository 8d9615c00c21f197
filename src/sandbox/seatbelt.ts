// The macOS sandbox profile (Seatbelt, run as `sandbox-exec -p <profile> bash -c ...`) for a policy:
// the same rules as the bubblewrap mounts, written as SBPL. Generated and unit-tested only: agenix
// does not launch it yet (src/sandbox/probe.ts says so on macOS), because it cannot be run here.
// macOS has no private network namespace, so loopback is shared with the host: the profile allows
// only the filtering proxy's port on it.
import path from "node:path";
import type { SandboxPolicy } from "./config.js";

/** An SBPL string literal. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function subpaths(paths: readonly string[]): string {
  return paths.map((p) => `(subpath ${quote(path.resolve(p))})`).join(" ");
}

export interface SeatbeltOptions {
  /** The filtering proxy's loopback port, when domains are allowed. */
  proxyPort?: number;
}

export function seatbeltProfile(policy: SandboxPolicy, options: SeatbeltOptions = {}): string {
  const writable = [policy.tmpDir, ...policy.allowWrite];
  if (policy.mode === "workspace-write") writable.push(policy.workingDir);
  const lines = [
    "(version 1)",
    "(deny default)",
    "(allow process-exec process-fork signal)",
    "(allow sysctl-read mach-lookup ipc-posix-shm iokit-open pseudo-tty)",
    '(allow file-ioctl (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))',
    "; Read everything but secrets.",
    "(allow file-read*)",
  ];
  if (policy.denyRead.length > 0) lines.push(`(deny file-read* file-write* ${subpaths(policy.denyRead)})`);
  lines.push(
    '(deny file-read* file-write* (regex #"/\\.env[^/]*$" #"\\.pem$" #"/id_[^/]*$"))',
    "; Write only the working directory (workspace-write), the temp directory and sandbox.allowWrite.",
    `(allow file-write* ${subpaths(writable)} (literal "/dev/null") (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))`,
  );
  if (policy.protectedDirs.length > 0) lines.push(`(deny file-write* ${subpaths(policy.protectedDirs)})`);
  lines.push("; No network, except the filtering proxy.", "(deny network*)");
  if (options.proxyPort !== undefined)
    lines.push(`(allow network-outbound (remote ip ${quote(`localhost:${options.proxyPort}`)}))`);
  return `${lines.join("\n")}\n`;
}
