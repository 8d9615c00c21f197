// One yes/no question on the terminal before the UI starts (e.g. "Trust this folder?").
import { createInterface } from "node:readline/promises";

/** Resolves true only for an explicit yes; Enter, anything else, Ctrl-C or a closed stdin mean no. */
export async function askYesNo(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: true });
  const controller = new AbortController();
  rl.on("SIGINT", () => controller.abort());
  rl.on("close", () => controller.abort());
  try {
    const answer = await rl.question(question, { signal: controller.signal });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    output.write("\n");
    return false;
  } finally {
    rl.close();
  }
}
