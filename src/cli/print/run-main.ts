// Placeholder until print mode lands.
import type { Command } from "commander";
export async function runMain(
  _words: string[],
  _options: Record<string, unknown>,
  program: Command,
): Promise<number> {
  program.outputHelp();
  return 0;
}
