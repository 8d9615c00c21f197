// Dropping a deleted session's checkpoints, and keeping the shadow repository small: once its
// objects pass a size limit, `git gc --prune=now` drops what no session references any more.
import { existsSync } from "node:fs";
import { type GitTarget, gitText } from "./git.js";
import { sessionRef } from "./refs.js";
import { withRepoLock } from "./repo-lock.js";
import { checkpointsRoot, repoDirFor } from "./shadow-repo.js";

/** Objects over this size (loose plus packed) make the next delete or prune collect garbage. */
export const GC_THRESHOLD_BYTES = 1024 * 1024 * 1024;

function targetFor(workingDir: string, home: string, env: NodeJS.ProcessEnv): GitTarget | undefined {
  const gitDir = repoDirFor(checkpointsRoot(env, home), workingDir);
  return existsSync(`${gitDir}/HEAD`) ? { gitDir, workTree: workingDir } : undefined;
}

/** Loose and packed object bytes (`git count-objects -v`). */
export async function repoBytes(target: GitTarget): Promise<number> {
  const text = await gitText(target, ["count-objects", "-v"], { bare: true });
  const kib = (key: string) => Number(new RegExp(`^${key}: (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  return (kib("size") + kib("size-pack")) * 1024;
}

/**
 * Removes the references of these sessions' checkpoints in `workingDir`'s shadow repository, then
 * collects garbage when the repository is over `thresholdBytes`. Resolves to whether gc ran.
 */
export async function forgetCheckpoints(
  workingDir: string,
  sessionIds: string[],
  home: string,
  env: NodeJS.ProcessEnv,
  thresholdBytes = GC_THRESHOLD_BYTES,
): Promise<boolean> {
  const target = targetFor(workingDir, home, env);
  if (!target) return false;
  const done = await withRepoLock(target.gitDir, async () => {
    const input = sessionIds.map((id) => `delete ${sessionRef(id)}\n`).join("");
    await gitText(target, ["update-ref", "--stdin"], { input, bare: true });
    if ((await repoBytes(target)) <= thresholdBytes) return false;
    await gitText(target, ["gc", "--quiet", "--prune=now"], { bare: true });
    return true;
  });
  return done?.value ?? false;
}
