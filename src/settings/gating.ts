// Trusted folders: settings from a project that could widen what agenix may do (allow rules, a
// more permissive mode, extensions, MCP servers, passed-through variables, another API endpoint or
// session store) apply only once the user trusts the project. Narrowing settings always apply.
import type { SettingsData } from "./schema.js";

export interface IgnoredSetting {
  scope: "project" | "local";
  file: string;
  /** Dotted key, e.g. "permissions.allow". */
  key: string;
  /** The value the file sets (shown by the trust question: exactly what trusting would apply). */
  value?: unknown;
}

/** Modes that let more run than `default` does. */
export const WIDER_MODES: ReadonlySet<string> = new Set(["auto", "accept-edits", "yolo"]);

/** The widening keys present in a project-level layer (empty when it only narrows or is neutral). */
export function wideningKeys(data: SettingsData): string[] {
  const keys: string[] = [];
  if (data.permissions?.allow?.length) keys.push("permissions.allow");
  if (data.permissions?.defaultMode && WIDER_MODES.has(data.permissions.defaultMode)) {
    keys.push("permissions.defaultMode");
  }
  if (data.extensions?.length) keys.push("extensions");
  if (data.mcpServers && Object.keys(data.mcpServers).length > 0) keys.push("mcpServers");
  if (data.hooks && Object.keys(data.hooks).length > 0) keys.push("hooks");
  if (data.shell?.env?.passThrough?.length) keys.push("shell.env.passThrough");
  keys.push(...sandboxWidening(data));
  // A project must not send the user's key (and code) to another endpoint or sessions elsewhere.
  if (data.baseUrl !== undefined) keys.push("baseUrl");
  if (data.sessionStore !== undefined) keys.push("sessionStore");
  return keys;
}

/** Sandbox settings that let more out: more writable paths or domains, no sandbox, unsandboxed MCP. */
function sandboxWidening(data: SettingsData): string[] {
  const keys: string[] = [];
  const sandbox = data.sandbox;
  if (!sandbox) return keys;
  if (sandbox.mode !== undefined && sandbox.mode !== "read-only") keys.push("sandbox.mode");
  if (sandbox.allowWrite?.length) keys.push("sandbox.allowWrite");
  if (sandbox.network?.allow?.length) keys.push("sandbox.network.allow");
  if (sandbox.mcp === false) keys.push("sandbox.mcp");
  return keys;
}

/** A copy of an untrusted project layer without its widening keys. */
export function withoutWidening(data: SettingsData): SettingsData {
  const copy = structuredClone(data);
  if (copy.permissions) {
    delete copy.permissions.allow;
    if (copy.permissions.defaultMode && WIDER_MODES.has(copy.permissions.defaultMode)) {
      delete copy.permissions.defaultMode;
    }
  }
  delete copy.extensions;
  delete copy.mcpServers;
  delete copy.hooks;
  if (copy.shell?.env) delete copy.shell.env.passThrough;
  if (copy.sandbox) {
    for (const key of sandboxWidening(copy)) {
      if (key === "sandbox.network.allow") delete copy.sandbox.network;
      else delete copy.sandbox[key.slice("sandbox.".length) as "mode" | "allowWrite" | "mcp"];
    }
    if (Object.keys(copy.sandbox).length === 0) delete copy.sandbox;
  }
  delete copy.baseUrl;
  delete copy.sessionStore;
  if (copy.shell?.env && Object.keys(copy.shell.env).length === 0) delete copy.shell.env;
  if (copy.shell && Object.keys(copy.shell).length === 0) delete copy.shell;
  if (copy.permissions && Object.keys(copy.permissions).length === 0) delete copy.permissions;
  return copy;
}

/** The one stderr line print mode shows when an untrusted project's settings were left out. */
export function untrustedNotice(projectRoot: string, ignored: readonly IgnoredSetting[]): string {
  const keys = [...new Set(ignored.map((i) => i.key))].join(", ");
  return (
    `Untrusted project ${projectRoot}: ignoring its settings ${keys} (they could run code or widen permissions). ` +
    "Run with --trust to trust this folder (remembered in ~/.agenix/trusted.json)."
  );
}
