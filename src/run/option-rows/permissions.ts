// The run options table (options.ts), its rows on what a run may do and load: the permission mode and
// rules, the variables tool processes may see, extensions and context files.
import { nonEmpty } from "../../settings/choices.js";
import { row, text } from "./row.js";

function stringList(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

export const PERMISSION_OPTIONS = {
  permissionMode: row<string>({
    flag: "--permission-mode",
    sdk: "permissionMode",
    setting: "permissions.defaultMode",
    env: "AGENIX_PERMISSION_MODE",
    order: "layers",
    defaults: { cli: "default", sdk: "default" },
    parse: (raw) => nonEmpty(text(raw)),
    note: "--yolo is --permission-mode yolo. An untrusted project's accept-edits or yolo is ignored.",
  }),
  allow: row<string[]>({
    flag: "--allow",
    sdk: "allow",
    setting: "permissions.allow",
    order: "add-up",
    parse: stringList,
    note: "An untrusted project's allow rules are ignored.",
  }),
  deny: row<string[]>({
    flag: "--deny",
    sdk: "deny",
    setting: "permissions.deny",
    order: "add-up",
    parse: stringList,
  }),
  ask: row<string[]>({
    flag: "--ask",
    sdk: "ask",
    setting: "permissions.ask",
    order: "add-up",
    parse: stringList,
  }),
  envPassThrough: row<string[]>({
    sdk: "envPassThrough",
    setting: "shell.env.passThrough",
    order: "add-up",
    parse: stringList,
  }),
  extensions: row<string[]>({
    flag: "--extension",
    setting: "extensions",
    order: "add-up",
    parse: stringList,
    note: "The SDK loads only its `extensions` option (no folders, no settings key).",
  }),
  contextFiles: row<boolean | string[]>({
    flag: "--no-context-files",
    setting: "contextFiles",
    order: "layers",
    defaults: { cli: true, sdk: true },
    parse: (raw) =>
      raw === false ? false : Array.isArray(raw) ? raw.map(String) : raw === true ? true : undefined,
    note: "The flag can only turn context files off; a list in a file names the files to look for.",
  }),
} as const;
