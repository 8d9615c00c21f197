// Can the sandbox start on this machine? One quick bubblewrap run with the session's own mounts
// (about 10 ms), and when it fails, why in words and the exact fix. Used at startup (the default
// permission mode depends on it) and by `agenix sandbox doctor`.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { findOnPath } from "./locate.js";

export interface ProbeResult {
  ok: boolean;
  bwrap?: string;
  /** One line: why the sandbox cannot start. */
  reason?: string;
  /** What to run to fix it. */
  fixes: string[];
}

const APPARMOR_SYSCTL = "/proc/sys/kernel/apparmor_restrict_unprivileged_userns";

export function installFix(): string {
  if (existsSync("/usr/bin/apt-get")) return "sudo apt-get install bubblewrap";
  if (existsSync("/usr/bin/dnf")) return "sudo dnf install bubblewrap";
  if (existsSync("/usr/bin/pacman")) return "sudo pacman -S bubblewrap";
  return "install bubblewrap (package `bubblewrap`) with your system's package manager";
}

/** Runs `bwrap <args> -- true`; resolves with its exit code and stderr. */
export function runBwrap(bwrap: string, args: string[], command: string[] = ["true"]) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(bwrap, [...args, "--", ...command], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", (error) => resolve({ code: -1, stderr: error.message }));
    child.on("close", (code) => resolve({ code, stderr: stderr.trim() }));
  });
}

export async function probeSandbox(
  env: Record<string, string | undefined>,
  args: string[],
  platform: NodeJS.Platform = process.platform,
): Promise<ProbeResult> {
  if (platform === "darwin")
    return {
      ok: false,
      reason: "the macOS sandbox (Seatbelt) is not wired into agenix yet; only its profile is generated",
      fixes: ["run with --sandbox off, or on Linux with bubblewrap"],
    };
  if (platform !== "linux")
    return { ok: false, reason: `no sandbox for ${platform}`, fixes: ["run with --sandbox off"] };
  const bwrap = findOnPath("bwrap", env);
  if (!bwrap)
    return {
      ok: false,
      reason: "bubblewrap (bwrap) is not installed or not on PATH",
      fixes: [installFix()],
    };
  const { code, stderr } = await runBwrap(bwrap, args);
  if (code === 0) return { ok: true, bwrap, fixes: [] };
  return {
    ok: false,
    bwrap,
    reason: `bubblewrap cannot start: ${stderr || `exit code ${code}`}`,
    fixes: namespaceFixes(stderr),
  };
}

function namespaceFixes(stderr: string): string[] {
  const fixes: string[] = [];
  let restricted = false;
  try {
    restricted = readFileSync(APPARMOR_SYSCTL, "utf8").trim() === "1";
  } catch {
    // not Ubuntu's AppArmor
  }
  if (restricted || /permission denied|operation not permitted|setting up uid map|namespace/i.test(stderr)) {
    if (restricted)
      fixes.push(
        "AppArmor restricts unprivileged user namespaces (Ubuntu 24.04): sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 " +
          "(to keep it: echo 'kernel.apparmor_restrict_unprivileged_userns=0' | sudo tee /etc/sysctl.d/60-agenix-userns.conf), " +
          "or give bwrap an AppArmor profile that allows userns",
      );
    fixes.push(
      "allow unprivileged user namespaces: sudo sysctl -w kernel.unprivileged_userns_clone=1 (Debian) or user.max_user_namespaces > 0",
    );
    fixes.push(
      "inside a container: run it with --privileged or a seccomp profile that allows unshare/clone(CLONE_NEWUSER)",
    );
  }
  return fixes;
}
