// `agenix hooks list`: the hooks of this folder's settings, and the ones that would not run.
import { collectHooks } from "../../extensions/hooks/config.js";
import { resolveDir } from "../../sessions/paths.js";
import { loadSettings } from "../../settings/load.js";
import { writeErr, writeJson, writeOut } from "../output.js";
import { formatHooksList, hooksJson } from "./format.js";

export async function hooksListCommand(options: {
  workingDir?: string;
  trust?: boolean;
  json?: boolean;
}): Promise<number> {
  const cwd = resolveDir(options.workingDir, process.cwd(), process.env);
  const loaded = await loadSettings({ cwd, env: process.env, trust: options.trust === true });
  for (const warning of loaded.warnings) writeErr(`Warning: ${warning}\n`);
  const set = collectHooks(loaded.layers);
  if (options.json) writeJson(hooksJson(set), 2);
  else writeOut(`${formatHooksList(set)}\n`);
  return 0;
}
