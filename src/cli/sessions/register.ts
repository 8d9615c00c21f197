// Placeholder until the sessions commands land.
import type { Command } from "commander";
export function registerSessionCommands(_sessions: Command): void {}
