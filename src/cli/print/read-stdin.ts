// Piped input: `git diff | agenix "review this"` appends the diff to the message.

/** All of stdin as text, or undefined when stdin is a terminal (nothing piped). */
export async function readPipedStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
  if (stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The message words joined with spaces, then the piped text (a blank line between them). */
export function composeMessage(words: string[], piped: string | undefined): string {
  const message = words.join(" ").trim();
  const input = (piped ?? "").replace(/\s+$/, "");
  if (message && input.trim()) return `${message}\n\n${input}`;
  return message || (input.trim() ? input : "");
}
