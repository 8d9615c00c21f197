// The session a run continues: the working directory checked, the session's lock taken before it is
// loaded (or the latest one in the folder), and the working directory it had, if that still exists.
import { stat } from "node:fs/promises";
import path from "node:path";
import type { AgentNotice } from "../agent/agent-session.js";
import { lockIfStored } from "../agent/session-record.js";
import { AgenixError, ConfigError } from "../errors.js";
import type { SessionData } from "../messages/types.js";
import type { SessionStore } from "../sessions/store.js";
import type { RunConfig } from "./config.js";

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

export async function assertWorkingDir(dir: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new ConfigError(`Working directory does not exist: ${dir}`);
  }
  if (!isDir) {
    throw new ConfigError(
      `Working directory is not a directory: ${dir} (it is a file; pass its folder, e.g. --working-dir ${JSON.stringify(path.dirname(dir))})`,
    );
  }
}

/** The session to continue: its id, if any. */
async function requested(config: RunConfig, store: SessionStore): Promise<string | undefined> {
  if (config.sessionId !== undefined) return config.sessionId;
  if (!config.continueLatest) return undefined;
  const latest = await store.latestSession(config.workingDir);
  if (!latest) {
    throw new AgenixError(
      `No saved session to continue in ${config.workingDir}. Start one with: agenix "<message>" (or pick one with agenix sessions list).`,
    );
  }
  return latest.id;
}

/**
 * Lock first, then load: a holder that saves and exits between a load and a lock would otherwise
 * be overwritten from the stale copy. Returns the session and the lock's release (if any).
 */
export async function lockAndLoad(
  config: RunConfig,
  store: SessionStore,
): Promise<{ data?: SessionData; release?: () => Promise<void> }> {
  const id = await requested(config, store);
  if (id === undefined) return {};
  const { workingDir } = config;
  const release = config.save ? await lockIfStored(store, id, workingDir) : undefined;
  try {
    const data = await store.loadSession(id, { workingDir, frozen: true });
    return { data, release };
  } catch (error) {
    await release?.();
    throw error;
  }
}

/** The session's working directory when it still exists (with a notice), else the run's. */
export async function sessionWorkingDir(
  config: RunConfig,
  data: SessionData | undefined,
  notices: AgentNotice[],
): Promise<string> {
  if (!data) return config.workingDir;
  if (await isDirectory(data.working_dir)) {
    if (data.working_dir !== config.workingDir) {
      notices.push({
        type: "notice",
        level: "info",
        text: `Working directory: ${data.working_dir} (from the session)`,
      });
    }
    return data.working_dir;
  }
  notices.push({
    type: "notice",
    level: "warning",
    text: `Warning: the session's working directory ${data.working_dir} no longer exists; using ${config.workingDir}.`,
  });
  return config.workingDir;
}
