// Whether a session gets checkpoints, and with which limits: settings `checkpoints` (enabled,
// maxFileBytes, maxFiles) and a git binary. Without either, the session runs without them and the
// returned notice says so (once, when the session opens).

import { gitAvailable } from "./git.js";
import { DEFAULT_LIMITS, ShadowCheckpoints } from "./keeper.js";

export interface CheckpointSettings {
  enabled?: boolean;
  maxFileBytes?: number;
  maxFiles?: number;
}

export interface OpenedCheckpoints {
  keeper?: ShadowCheckpoints;
  notice?: string;
}

export function openCheckpoints(
  workingDir: string,
  home: string,
  env: NodeJS.ProcessEnv,
  settings: CheckpointSettings | undefined,
): OpenedCheckpoints {
  if (settings?.enabled === false) {
    return {
      notice:
        "Checkpoints are off (settings checkpoints.enabled: false): /undo and agenix checkpoints have nothing to restore.",
    };
  }
  if (!gitAvailable()) {
    return {
      notice:
        "Checkpoints are off: git is not installed (agenix keeps its snapshots with git). Install git to get /undo.",
    };
  }
  const limits = {
    maxFileBytes: settings?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxFiles: settings?.maxFiles ?? DEFAULT_LIMITS.maxFiles,
  };
  return { keeper: new ShadowCheckpoints({ workingDir, home, env, limits }) };
}
