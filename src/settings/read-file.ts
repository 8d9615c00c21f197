// Reading one settings file: missing is empty; invalid JSON names the file, line and column.
import { readFile } from "node:fs/promises";
import { SettingsError } from "../errors.js";
import { JsonSyntaxError, parseJsonWithLocation } from "./json-location.js";
import { type Validated, validateSettings } from "./validate.js";

/** The raw JSON object of a settings file, or undefined when the file does not exist. */
export async function readSettingsJson(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new SettingsError(file, `cannot read: ${(error as Error).message}`);
  }
  try {
    const value = parseJsonWithLocation(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new SettingsError(file, "expected a JSON object ({ ... })");
    }
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new SettingsError(file, `invalid JSON at ${error.message}. Fix the file, or remove it.`);
    }
    throw error;
  }
}

/** Read and validate; undefined when the file does not exist. */
export async function readSettingsFile(file: string): Promise<Validated | undefined> {
  const raw = await readSettingsJson(file);
  return raw === undefined ? undefined : validateSettings(raw, file);
}
