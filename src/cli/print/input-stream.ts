// `--input-format stream-json`: user messages as JSON lines on stdin, in Claude Code's shape
// `{"type":"user","message":{"role":"user","content":"..."}}` (content: a string or text blocks).
// Lines are read as they arrive, so a program can wait for each answer before sending the next.
import { createInterface } from "node:readline";
import { UsageError } from "../../errors.js";

/** The text of one input line; throws UsageError naming the line and the expected shape. */
export function parseInputLine(line: string, lineNo: number): string {
  const expected =
    'expected {"type":"user","message":{"role":"user","content":"..."}} (content: a string or [{"type":"text","text":"..."}])';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new UsageError(`stdin line ${lineNo} is not JSON: ${line.slice(0, 80)} (${expected})`);
  }
  const v = value as { type?: unknown; message?: { role?: unknown; content?: unknown } };
  if (v?.type !== "user" || typeof v.message !== "object" || v.message === null) {
    throw new UsageError(`stdin line ${lineNo}: ${expected}`);
  }
  if (v.message.role !== undefined && v.message.role !== "user") {
    throw new UsageError(`stdin line ${lineNo}: message.role must be "user"`);
  }
  const content = v.message.content;
  let text: string | undefined;
  if (typeof content === "string") text = content;
  else if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const block of content) {
      if (block?.type !== "text" || typeof block.text !== "string") {
        throw new UsageError(
          `stdin line ${lineNo}: only text content blocks are accepted (got ${JSON.stringify(block?.type ?? block)})`,
        );
      }
      parts.push(block.text);
    }
    text = parts.join("\n");
  }
  if (text === undefined) throw new UsageError(`stdin line ${lineNo}: ${expected}`);
  if (text.trim() === "") throw new UsageError(`stdin line ${lineNo}: the message is empty`);
  return text;
}

/** Each user message from stdin, in order; blank lines are skipped; ends with stdin. */
export async function* readInputMessages(
  stdin: NodeJS.ReadableStream = process.stdin,
): AsyncGenerator<string> {
  const lines = createInterface({ input: stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    yield parseInputLine(line, lineNo);
  }
}
