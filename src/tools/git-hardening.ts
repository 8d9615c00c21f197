// Every git a bash command runs gets configuration that keeps a repository from running programs:
// read-only git (`git status`, `diff`, `log`) runs without asking, and a repository's config (an
// embedded repository a clone carries, or a project's own .git/config) could otherwise name an
// fsmonitor hook, a pager, an external diff or a signature program that git would run. Given as
// GIT_CONFIG_COUNT entries, which override every config file, so no command needs rewriting.

/** Settings git must not take from a repository. Values are what agenix forces. */
export const GIT_HARDENING: readonly (readonly [string, string])[] = [
  ["core.fsmonitor", "false"],
  ["core.pager", "cat"],
  ["log.showSignature", "false"],
  ["safe.bareRepository", "explicit"],
];

/** The environment with the hardening added after any GIT_CONFIG_* entries it already has. */
export function hardenGitEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...env, GIT_PAGER: "cat" };
  const existing = Number.parseInt(env.GIT_CONFIG_COUNT ?? "0", 10);
  let index = Number.isFinite(existing) && existing > 0 ? existing : 0;
  for (const [key, value] of GIT_HARDENING) {
    out[`GIT_CONFIG_KEY_${index}`] = key;
    out[`GIT_CONFIG_VALUE_${index}`] = value;
    index++;
  }
  out.GIT_CONFIG_COUNT = String(index);
  return out;
}
