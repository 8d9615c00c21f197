// Validating one settings file's parsed JSON: wrong types are errors naming the key; unknown keys
// are warnings naming the file (and are dropped); anything that looks like an API key is refused.
import type { z } from "zod";
import { SettingsError } from "../errors.js";
import { SETTINGS_KEYS, type SettingsData, settingsSchema } from "./schema.js";

const API_KEY_NAME =
  /^(api[-_]?key|.*[-_]api[-_]?key|.*apikey|secret[-_]?key|access[-_]?token|auth[-_]?token)$/i;
const SECRET_VALUE =
  /^(sk-(ant-|proj-|or-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abp]-[A-Za-z0-9-]{10,})$/;
const ENV_REFERENCE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;
/** `Bearer <literal token>` (an MCP server's Authorization header); `Bearer $VAR` is fine. */
const BEARER_LITERAL = /^(bearer|token|basic)\s+(?!\$)\S{12,}$/i;

export interface Validated {
  data: SettingsData;
  warnings: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throws SettingsError when a key or value looks like a secret (a `${VAR}` reference is fine). */
export function refuseSecrets(value: unknown, file: string, at: string[] = []): void {
  if (typeof value === "string") {
    if (SECRET_VALUE.test(value.trim()) || BEARER_LITERAL.test(value.trim())) {
      throw new SettingsError(
        file,
        `"${at.join(".")}" holds what looks like an API key or token. Settings files must not contain secrets: ` +
          "remove it and set it in the environment instead (OPENAI_API_KEY, ANTHROPIC_API_KEY or AGENIX_API_KEY; " +
          'an MCP server can reference a variable as "$NAME").',
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) refuseSecrets(item, file, [...at, String(i)]);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const here = [...at, key];
    if (API_KEY_NAME.test(key) && !(typeof child === "string" && ENV_REFERENCE.test(child.trim()))) {
      throw new SettingsError(
        file,
        `"${here.join(".")}" looks like an API key. Settings files must not contain secrets: remove it and set ` +
          "the key in the environment instead (OPENAI_API_KEY, ANTHROPIC_API_KEY or AGENIX_API_KEY).",
      );
    }
    refuseSecrets(child, file, here);
  }
}

function keyPath(at: PropertyKey[]): string {
  return at.map(String).join(".");
}

/** The settings key `key` was probably meant to be (same letters in another case, or 2 edits away). */
export function closestKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  return SETTINGS_KEYS.find((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= 2);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

function deleteAt(root: Record<string, unknown>, at: PropertyKey[], key: string): void {
  let node: unknown = root;
  for (const part of at) node = isPlainObject(node) ? node[String(part)] : undefined;
  if (isPlainObject(node)) delete node[key];
}

/** Validates parsed JSON from `file` (used in messages). Throws SettingsError on any real error. */
export function validateSettings(raw: unknown, file: string): Validated {
  if (!isPlainObject(raw)) {
    throw new SettingsError(
      file,
      `expected a JSON object ({ ... }), found ${Array.isArray(raw) ? "an array" : typeof raw}`,
    );
  }
  refuseSecrets(raw, file);
  refuseContextFilePaths(raw.contextFiles, file);
  const data = structuredClone(raw);
  const warnings: string[] = [];
  const first = settingsSchema.safeParse(data);
  if (first.success) return { data: first.data, warnings };
  const errors: string[] = [];
  for (const issue of first.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const full = keyPath([...issue.path, key]);
        const hint = issue.path.length === 0 ? closestKey(key) : undefined;
        warnings.push(`${file}: unknown key "${full}" (ignored${hint ? `; did you mean "${hint}"?` : ""})`);
        deleteAt(data, issue.path, key);
      }
    } else {
      errors.push(describeIssue(issue));
    }
  }
  if (errors.length > 0) throw new SettingsError(file, errors.join("; "));
  warnings.sort();
  const second = settingsSchema.safeParse(data);
  if (!second.success) throw new SettingsError(file, second.error.issues.map(describeIssue).join("; "));
  return { data: second.data, warnings };
}

/**
 * `contextFiles` names files looked for in each folder: a bare name. A path (`../../.ssh/id_rsa`,
 * `/proc/self/environ`) would let a repository put any file into the system prompt.
 */
function refuseContextFilePaths(value: unknown, file: string): void {
  if (!Array.isArray(value)) return;
  for (const [i, name] of value.entries()) {
    if (typeof name !== "string") continue;
    if (name.includes("/") || name.includes("\\") || name === "." || name === "..") {
      throw new SettingsError(
        file,
        `"contextFiles.${i}": ${JSON.stringify(name)} is not a bare file name. contextFiles lists names looked ` +
          'for in each folder (like "AGENTS.md"), without "/", "\\" or "..": use a name, or remove the entry.',
      );
    }
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `"${keyPath(issue.path)}"` : "the file";
  if (issue.code === "invalid_union" && issue.path[0] === "mcpServers") {
    return `${where}: expected {"command": "...", "args": [...], "env": {...}} or {"url": "https://...", "headers": {...}}`;
  }
  return `${where}: ${issue.message}`;
}
