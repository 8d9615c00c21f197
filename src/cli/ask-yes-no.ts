// One yes/no question on the terminal before the UI starts (e.g. "Trust this folder?").
import { createInterface } from "node:readline/promises";

/**
 * Resolves true only for an explicit yes, false for Enter or anything else, and undefined when the
 * user pressed Ctrl-C or stdin closed (no answer: the caller should not remember one).
 */
export async function askYesNo(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<boolean | undefined> {
  const rl = createInterface({ input, output, terminal: true });
  const controller = new AbortController();
  rl.on("SIGINT", () => controller.abort());
  rl.on("close", () => controller.abort());
  try {
    const answer = await rl.question(question, { signal: controller.signal });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    output.write("\n");
    return undefined;
  } finally {
    rl.close();
  }
}
