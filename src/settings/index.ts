// The settings module: files, priority, validation, atomic edits and trusted folders.
export type { Env } from "./env-layer.js";
export { ENV_VARIABLES } from "./env-layer.js";
export { type IgnoredSetting, untrustedNotice, wideningKeys } from "./gating.js";
export {
  type LoadedSettings,
  type LoadSettingsOptions,
  loadSettings,
  type PermissionRuleSource,
  type SettingsLayer,
  type SettingsSource,
} from "./load.js";
export { getPath, leafPaths, mergeSettings } from "./merge.js";
export { findProjectRoot, SCOPES, type SettingsScope, settingsPath } from "./paths.js";
export * from "./schema.js";
export { isDeclined, isTrusted, trustFilePath, trustProject, untrustProject } from "./trust.js";
export { updateSettingsFile } from "./update.js";
export { validateSettings } from "./validate.js";
