// Text for `agenix config list` and `/config`: every effective key, its value and where it came from.

import type { LoadedSettings, SettingsSource } from "../../settings/load.js";
import { CONCATENATED, leafPaths } from "../../settings/merge.js";
import { SCOPES, type SettingsScope } from "../../settings/paths.js";
import type { Settings } from "../cli-settings.js";
import { sanitizeForTerminal } from "../sanitize.js";

const MAX_VALUE = 70;

export function formatValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value);
  const clean = sanitizeForTerminal(text ?? String(value));
  return clean.length > MAX_VALUE ? `${clean.slice(0, MAX_VALUE - 1)}…` : clean;
}

function describeSource(key: string, source: SettingsSource): string {
  const kinds = [...new Set(source.all.map((s) => s.kind))];
  if (source.kind === "env") return `environment ${source.where}`;
  if (source.kind === "approved") return `remembered approvals (${source.where})`;
  if (kinds.length > 1 && CONCATENATED.has(key)) return `${kinds.join(" + ")} (lists add up)`;
  return source.kind; // the file's path is listed once under "Files:"
}

/** Flag values that differ from the files' (the CLI's top layer), by settings key. */
function flagRows(settings: Settings | undefined, loaded: LoadedSettings): Map<string, unknown> {
  const rows = new Map<string, unknown>();
  if (!settings) return rows;
  const keys = ["model", "provider", "baseUrl", "maxTurns", "systemPrompt", "appendSystemPrompt"] as const;
  for (const key of keys) {
    const value = settings[key];
    if (value !== undefined && value !== loaded.values[key] && !(key === "maxTurns" && !settings.loaded)) {
      if (key === "maxTurns" && loaded.values.maxTurns === undefined && value === 100) continue;
      rows.set(key, value);
    }
  }
  return rows;
}

/**
 * The effective settings table. `settings` (the CLI's resolved flags) adds the flag layer;
 * `sessionModel` notes the model the current session actually uses.
 */
export function formatEffectiveSettings(
  loaded: LoadedSettings,
  options: { settings?: Settings; sessionModel?: string } = {},
): string {
  const flags = flagRows(options.settings, loaded);
  const rows: [string, string, string][] = [];
  const keys = [...new Set([...leafPaths(loaded.values), ...flags.keys()])].sort();
  for (const key of keys) {
    if (flags.has(key)) rows.push([key, formatValue(flags.get(key)), "command-line flag"]);
    else rows.push([key, formatValue(getLeaf(loaded, key)), describeSource(key, loaded.sources[key]!)]);
  }
  const lines: string[] = ["Effective settings (environment < user < project < local < flags):"];
  if (rows.length === 0) lines.push("  (nothing set: defaults everywhere)");
  const width = Math.max(0, ...rows.map((r) => r[0].length));
  const valueWidth = Math.min(MAX_VALUE, Math.max(0, ...rows.map((r) => r[1].length)));
  for (const [key, value, from] of rows)
    lines.push(`  ${key.padEnd(width)}  ${value.padEnd(valueWidth)}  ${from}`);
  if (options.sessionModel && options.sessionModel !== (flags.get("model") ?? loaded.values.model)) {
    lines.push(`  (this session uses model ${options.sessionModel})`);
  } else if (!flags.has("model") && loaded.values.model === undefined) {
    lines.push("  model: not set; chosen from the API key that is set (or a local server)");
  }
  lines.push("Files:");
  for (const scope of SCOPES) lines.push(`  ${scope.padEnd(8)} ${fileLine(loaded, scope)}`);
  if (loaded.ignored.length > 0) {
    const keysIgnored = [...new Set(loaded.ignored.map((i) => i.key))].join(", ");
    lines.push(`Ignored until you trust ${loaded.projectRoot} (run agenix --trust): ${keysIgnored}`);
  }
  for (const warning of loaded.warnings) lines.push(`Warning: ${warning}`);
  return lines.join("\n");
}

function getLeaf(loaded: LoadedSettings, key: string): unknown {
  let node: unknown = loaded.values;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

function fileLine(loaded: LoadedSettings, scope: SettingsScope): string {
  const layer = loaded.layers.find((l) => l.scope === scope);
  if (!layer) return scope === "user" ? "(no file)" : `(no file in ${loaded.projectRoot}/.agenix)`;
  const note = scope !== "user" && !layer.trusted ? "  (project not trusted)" : "";
  return `${layer.path}${note}`;
}
