// `$VAR`, `${VAR}` and `${VAR:-default}` in an MCP server's command, args, env, url and headers,
// from agenix's environment: settings files hold references, never the secrets themselves.
import type { McpServerConfig } from "./connection.js";

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function expandString(
  value: string,
  env: Record<string, string | undefined>,
  missing: Set<string>,
): string {
  return value.replace(
    REFERENCE,
    (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      const found = env[name];
      if (found !== undefined && found !== "") return found;
      if (fallback !== undefined) return fallback;
      missing.add(name);
      return "";
    },
  );
}

function expandRecord(
  record: Record<string, string> | undefined,
  env: Record<string, string | undefined>,
  missing: Set<string>,
): Record<string, string> | undefined {
  if (!record) return undefined;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, expandString(v, env, missing)]));
}

/** The config with references filled in, or the names of the variables that are not set. */
export function expandServerConfig(
  config: McpServerConfig,
  env: Record<string, string | undefined>,
): { config: McpServerConfig; missing: string[] } {
  const missing = new Set<string>();
  let expanded: McpServerConfig;
  if ("url" in config) {
    expanded = {
      ...config,
      url: expandString(config.url, env, missing),
      headers: expandRecord(config.headers, env, missing),
    };
  } else {
    expanded = {
      ...config,
      command: expandString(config.command, env, missing),
      args: config.args?.map((a) => expandString(a, env, missing)),
      env: expandRecord(config.env, env, missing),
    };
  }
  return { config: expanded, missing: [...missing] };
}
