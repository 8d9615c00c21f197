// The sandbox at the start of a run: resolve the settings, check that bubblewrap can start, and
// settle the permission mode with it. A sandbox the user asked for that cannot start is an error
// (exit 2), never a silent run without it; the default one that cannot start leaves one notice.
import { SandboxConfigError } from "../errors.js";
import { resolveSandboxConfig, type SandboxConfig, type SandboxInput } from "./config.js";
import { type ProbeResult, probeSandbox } from "./probe.js";
import { SessionSandbox, sandboxArgs } from "./session-sandbox.js";

export interface SandboxSetup {
  config: SandboxConfig;
  /** The session's sandbox; undefined when off or unavailable. */
  sandbox?: SessionSandbox;
  /** What the status line and JSON output show: workspace-write, read-only or off. */
  status: string;
  /** One line for stderr when the default sandbox could not start. */
  notice?: string;
  probe?: ProbeResult;
}

export interface PermissionModeChoice {
  mode: string;
  /** "default" when nobody chose it. */
  modeSource: string;
}

export async function setUpSandbox(
  input: SandboxInput,
  permission: PermissionModeChoice,
  probe: typeof probeSandbox = probeSandbox,
): Promise<SandboxSetup> {
  const config = resolveSandboxConfig(input);
  const wantsAuto = permission.mode === "auto" && permission.modeSource !== "default";
  if (!config.policy) {
    if (wantsAuto)
      throw new SandboxConfigError(
        `permission mode auto (${permission.modeSource}) runs commands in the sandbox, but the sandbox is off (${config.modeSource}). Choose another mode, or turn the sandbox on.`,
      );
    return { config, status: "off" };
  }
  const result = await probe(input.env, sandboxArgs(config.policy, true));
  if (result.ok && result.bwrap) {
    return {
      config,
      status: config.mode,
      probe: result,
      sandbox: new SessionSandbox(config.policy, result.bwrap),
    };
  }
  const why = `${result.reason}${result.fixes[0] ? ` (fix: ${result.fixes[0]})` : ""}`;
  if (config.explicit || wantsAuto) {
    const asked = config.explicit
      ? `the sandbox ${config.mode} (${config.modeSource})`
      : `permission mode auto (${permission.modeSource})`;
    throw new SandboxConfigError(
      `${asked} cannot start: ${why}. Run \`agenix sandbox doctor\` for details, or pass --sandbox off to run without it.`,
    );
  }
  return {
    config,
    status: "off",
    probe: result,
    notice: `Sandbox unavailable: ${result.reason}. Commands ask before they run; see \`agenix sandbox doctor\`.`,
  };
}

/** auto when the sandbox runs and nobody chose a mode; otherwise the mode as chosen. */
export function effectiveMode<M extends string>(
  setup: SandboxSetup,
  mode: M,
  modeSource: string,
): M | "auto" {
  return setup.sandbox && modeSource === "default" ? "auto" : mode;
}
