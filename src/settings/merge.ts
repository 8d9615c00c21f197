// Merging layers, lowest priority first: nested objects merge key by key; lists of permission
// rules, extensions, skill paths and passed-through variable names concatenate (without repeats);
// an MCP server entry and any other value is replaced whole by a higher layer.
import type { SettingsData } from "./schema.js";

export const CONCATENATED: ReadonlySet<string> = new Set([
  "permissions.allow",
  "permissions.deny",
  "permissions.ask",
  "extensions",
  "skills.paths",
  "shell.env.passThrough",
  "sandbox.allowWrite",
  "sandbox.denyRead",
  "sandbox.network.allow",
]);
/** Objects whose entries are replaced, not merged (an MCP server is one unit). */
const REPLACE_ENTRIES = new Set(["mcpServers"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, at: string): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const here = at ? `${at}.${key}` : key;
    const current = target[key];
    // Hooks of each event concatenate across layers, like Claude Code's settings files.
    if ((CONCATENATED.has(here) || at === "hooks") && Array.isArray(value)) {
      const before = Array.isArray(current) ? current : [];
      target[key] = [...new Set([...before, ...value])];
    } else if (isPlainObject(value) && isPlainObject(current) && !REPLACE_ENTRIES.has(at)) {
      const copy = { ...current };
      mergeInto(copy, value, here);
      target[key] = copy;
    } else {
      target[key] = structuredClone(value);
    }
  }
}

export function mergeSettings(layers: readonly SettingsData[]): SettingsData {
  const result: Record<string, unknown> = {};
  for (const layer of layers) mergeInto(result, layer as Record<string, unknown>, "");
  return result as SettingsData;
}

/**
 * Leaf paths of a settings object (`model`, `permissions.allow`, `mcpServers.github`): the unit
 * `/config` and `agenix config list` report a source for.
 */
export function leafPaths(data: SettingsData): string[] {
  const out: string[] = [];
  const walk = (value: unknown, at: string) => {
    if (isPlainObject(value) && Object.keys(value).length > 0 && at !== "" && !isLeafObject(at)) {
      for (const [key, child] of Object.entries(value)) walk(child, `${at}.${key}`);
    } else if (at !== "") {
      out.push(at);
    }
  };
  for (const [key, value] of Object.entries(data)) walk(value, key);
  return out;
}

function isLeafObject(at: string): boolean {
  return at.startsWith("mcpServers.");
}

export function getPath(data: unknown, dotted: string): unknown {
  let node = data;
  for (const part of dotted.split(".")) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}
