import { UsageError } from "../../errors.js";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `45m`, `12h`, `30d`, `2w` into milliseconds. */
export function parseAge(text: string): number {
  const match = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (!match) {
    throw new UsageError(
      `Invalid age: ${JSON.stringify(text)}. Use a number and a unit: 45m, 12h, 30d or 2w.`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
}
