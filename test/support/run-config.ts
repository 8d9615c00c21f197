// A RunConfig for tests that build sessions directly (no settings files): the SDK's defaults, then
// the given options and environment, through the real resolveRunConfig().
import { type RunConfig, type RunInput, resolveRunConfig } from "../../src/run/config.js";
import type { RunOptions } from "../../src/run/options.js";
import { loadSettings } from "../../src/settings/load.js";

export async function runConfigFor(
  input: Partial<Omit<RunInput, "loaded" | "options">> & { workingDir: string; options?: RunOptions },
): Promise<RunConfig> {
  const env = input.env ?? {};
  const loaded = await loadSettings({ cwd: input.workingDir, home: input.workingDir, env, files: false });
  return resolveRunConfig({ front: "sdk", ...input, options: input.options ?? {}, env, loaded });
}
