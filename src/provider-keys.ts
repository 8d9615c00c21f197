// The provider keys of a CLI run, held where agenix's children cannot read them. The CLI calls
// holdProviderKeys() first thing: the keys move from process.env into this module (so no child
// process, MCP server or hook inherits them), and on Linux their bytes are also zeroed in the
// process's original environment block and argument list, which /proc/<pid>/environ and
// /proc/<pid>/cmdline show to every process of the same user (`cat /proc/$PPID/environ` from a
// tool call). resolveConnection() (connection.ts) still finds them, for /model switches too.
// The SDK never calls this: it leaves its host's process.env as it is (its tools never get the
// key either: filterToolEnv drops it).
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";

/** Every variable that holds a provider key agenix reads. */
export const PROVIDER_KEY_VARIABLES = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AGENIX_API_KEY"] as const;

const held = new Map<string, string>();

/** The key in `env`, else the one held from process.env at start (undefined when neither is set). */
export function providerKey(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  if (value) return value;
  return held.get(name);
}

/**
 * Moves the provider keys out of `env` (process.env) into this module and scrubs them, with an
 * `--api-key` value from `argv`, from the process's own memory where other processes can read them.
 */
export function holdProviderKeys(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): void {
  const entries: Entry[] = [];
  for (const name of PROVIDER_KEY_VARIABLES) {
    const value = env[name];
    if (value === undefined) continue;
    if (value.trim()) held.set(name, value.trim());
    if (value) entries.push({ prefix: `${name}=`, value });
    delete env[name];
  }
  const flagged = apiKeyArgument(argv);
  if (process.platform !== "linux") return;
  scrubRegion("env", entries);
  if (flagged) scrubRegion("args", [flagged]);
}

/** One whole entry of a block (`NAME=value`, or an argument): only its `value` part is zeroed. */
interface Entry {
  prefix: string;
  value: string;
}

/** The `--api-key X` or `--api-key=X` argument, if given. */
function apiKeyArgument(argv: readonly string[]): Entry | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") return undefined;
    const next = argv[i + 1];
    if (arg === "--api-key") return next ? { prefix: "", value: next } : undefined;
    if (arg.startsWith("--api-key=") && arg.length > "--api-key=".length)
      return { prefix: "--api-key=", value: arg.slice("--api-key=".length) };
  }
  return undefined;
}

/**
 * Zeroes the value of each whole entry in the process's original environment or argument block
 * (the memory /proc/self/environ and /proc/self/cmdline read; process.env no longer points at
 * these entries). Best effort: a kernel that refuses /proc/self/mem writes leaves the block as it
 * was (the keys are still gone from process.env).
 */
function scrubRegion(region: "env" | "args", entries: readonly Entry[]): void {
  if (entries.length === 0) return;
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces): field 3 is index 0.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [startField, endField] = region === "env" ? [47, 48] : [45, 46];
    const start = Number(fields[startField]);
    const end = Number(fields[endField]);
    if (!(start > 0 && end > start && end - start < 16 * 1024 * 1024)) return;
    const fd = openSync("/proc/self/mem", "r+");
    try {
      const block = Buffer.alloc(end - start);
      readSync(fd, block, 0, block.length, start);
      for (const { prefix, value } of entries) {
        const whole = Buffer.from(`${prefix}${value}`);
        const valueLength = Buffer.byteLength(value);
        for (let at = block.indexOf(whole); at >= 0; at = block.indexOf(whole, at + 1)) {
          const ends = at + whole.length;
          if ((at > 0 && block[at - 1] !== 0) || (ends < block.length && block[ends] !== 0)) continue;
          writeSync(fd, Buffer.alloc(valueLength), 0, valueLength, start + ends - valueLength);
        }
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    // No /proc or no write access to our own memory: nothing more to do.
  }
}
