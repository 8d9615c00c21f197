// The sandbox of a run: its mode (flag --sandbox, env AGENIX_SANDBOX, settings sandbox.mode) and
// what it lets through (settings sandbox.denyRead, sandbox.allowWrite, sandbox.network.allow,
// sandbox.mcp), checked before anything runs. Pure apart from os.tmpdir().

import { tmpdir } from "node:os";
import path from "node:path";
import { SandboxConfigError } from "../errors.js";
import { expandHome, SECRET_HOME_DIRS } from "../permissions/paths.js";
import { domainPatternProblem } from "./domains.js";
import { socketFilterDir } from "./socket-filter.js";

export const SANDBOX_MODES = ["workspace-write", "read-only", "off"] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/** Settings `sandbox` as merged from the files (paths already absolute, see settings/load.ts). */
export interface SandboxSettings {
  mode?: string;
  denyRead?: string[];
  allowWrite?: string[];
  network?: { allow?: string[] };
  mcp?: boolean;
}

/** Everything a launcher (bubblewrap, Seatbelt) needs to build the sandbox of one session. */
export interface SandboxPolicy {
  mode: Exclude<SandboxMode, "off">;
  workingDir: string;
  home: string;
  tmpDir: string;
  /** Writable besides the working directory (workspace-write) and the temp directory. */
  allowWrite: string[];
  /** Hidden: the built-in secret folders, the sessions and checkpoints folders, settings sandbox.denyRead. */
  denyRead: string[];
  /**
   * agenix's own folders among denyRead (sessions, checkpoints): created (0700) before the sandbox
   * starts when missing, so they are hidden even when agenix creates them later in the session.
   */
  ownHidden: string[];
  /** Inside the working directory, read-only even in workspace-write (.git, .agenix, .claude). */
  protectedDirs: string[];
  /** Domain patterns reachable through the filtering proxy; empty: no network at all. */
  networkAllow: string[];
}

export interface SandboxConfig {
  mode: SandboxMode;
  /** Where the mode came from: "--sandbox", "AGENIX_SANDBOX", a settings file, or "default". */
  modeSource: string;
  /** Set by the user (flag, environment or settings): a sandbox that cannot start is then an error. */
  explicit: boolean;
  /** Undefined when mode is off. */
  policy?: SandboxPolicy;
  /** Sandbox project-level MCP stdio servers (settings sandbox.mcp, default true). */
  mcp: boolean;
}

export interface SandboxInput {
  flag?: string;
  /** For the probe (PATH). AGENIX_SANDBOX reaches `settings` through the settings' environment layer. */
  env: Record<string, string | undefined>;
  settings?: SandboxSettings;
  /** Where settings sandbox.mode came from (a file path), for the error and /permissions. */
  settingsModeSource?: string;
  workingDir: string;
  home: string;
  sessionsDir?: string;
  /** The checkpoints' shadow repositories (snapshots of the project, .env files included). */
  checkpointsDir?: string;
}

export const PROTECTED_DIR_NAMES = [".git", ".agenix", ".claude"];

export function parseSandboxMode(value: string, where: string): SandboxMode {
  const text = value.trim();
  if ((SANDBOX_MODES as readonly string[]).includes(text)) return text as SandboxMode;
  throw new SandboxConfigError(
    `invalid ${where} ${JSON.stringify(value)}: expected one of ${SANDBOX_MODES.join(", ")}`,
  );
}

/** Throws SandboxConfigError (exit 2) for an unknown mode or a malformed domain pattern. */
export function resolveSandboxConfig(input: SandboxInput): SandboxConfig {
  const settings = input.settings ?? {};
  let mode: SandboxMode = "workspace-write";
  let modeSource = "default";
  if (settings.mode !== undefined) {
    modeSource = input.settingsModeSource ?? "settings";
    mode = parseSandboxMode(
      settings.mode,
      modeSource === "AGENIX_SANDBOX" ? modeSource : `sandbox.mode in ${modeSource}`,
    );
  }
  if (input.flag !== undefined) {
    mode = parseSandboxMode(input.flag, "--sandbox");
    modeSource = "--sandbox";
  }
  const networkAllow = (settings.network?.allow ?? []).map((p) => p.trim().toLowerCase());
  for (const pattern of networkAllow) {
    const problem = domainPatternProblem(pattern);
    if (problem)
      throw new SandboxConfigError(
        `invalid domain ${JSON.stringify(pattern)} in settings sandbox.network.allow: ${problem}`,
      );
  }
  const config: SandboxConfig = {
    mode,
    modeSource,
    explicit: modeSource !== "default",
    mcp: settings.mcp ?? true,
  };
  if (mode === "off") return config;
  const { workingDir, home } = input;
  const absolute = (p: string) => path.resolve(workingDir, expandHome(p, home));
  // agenix's own folders: the sessions, the checkpoints and the sandbox's seccomp filter.
  const ownHidden = [input.sessionsDir, input.checkpointsDir, socketFilterDir(home)].filter(
    (d): d is string => !!d,
  );
  const denyRead = [
    ...SECRET_HOME_DIRS.map((dir) => path.join(home, dir)),
    ...ownHidden,
    ...(settings.denyRead ?? []).map(absolute),
  ];
  config.policy = {
    mode,
    workingDir,
    home,
    tmpDir: tmpdir(),
    allowWrite: mode === "workspace-write" ? (settings.allowWrite ?? []).map(absolute) : [],
    denyRead: [...new Set(denyRead)],
    ownHidden,
    protectedDirs: PROTECTED_DIR_NAMES.map((name) => path.join(workingDir, name)),
    networkAllow,
  };
  return config;
}
