// Loading a compacted session without building what is no longer sent. A long session is a
// compacted one: only the summary and the messages after the latest compaction's first kept index
// go to the model. When the file is in agenix's own layout (one message per `\n    {` line at
// indent 4, the messages array closed by `\n  ]`, extra keys such as `compactions` after it), the
// header, the tail and the kept messages are parsed and validated at once; each older message is
// parsed (and validated) the first time something reads it. It works on the file's bytes: the
// markers are ASCII, so the 10 MB of older messages are scanned but never decoded to a string.
// Anything unusual: undefined, and the caller parses the whole file as before.
import { SessionLoadError } from "../errors.js";
import { MessageSchema, SessionSchema } from "../messages/schema.js";
import type { CompactionRecord, Message, SessionData } from "../messages/types.js";
import { deepFreeze } from "./disk-writer.js";

const MESSAGES_KEY = Buffer.from('\n  "messages": [');
const COMPACTIONS_KEY = Buffer.from('\n  "compactions": [');
const MESSAGE_START = Buffer.from("\n    {");
const MESSAGES_END = Buffer.from("\n  ]");
const COMMA = 0x2c;

export interface LazyParse {
  data: SessionData;
  /** Messages before this index are parsed on first access. */
  lazyFrom: number;
}

/** Parses the file's `bytes` (no BOM) lazily, or returns undefined when the file does not qualify. */
export function parseCompactedLazily(file: string, bytes: Buffer): LazyParse | undefined {
  const compactionsAt = bytes.lastIndexOf(COMPACTIONS_KEY);
  if (compactionsAt < 0) return undefined;
  const messagesAt = bytes.indexOf(MESSAGES_KEY);
  if (messagesAt < 0 || messagesAt > compactionsAt) return undefined;
  const open = messagesAt + MESSAGES_KEY.length;
  const close = bytes.indexOf(MESSAGES_END, open);
  if (close < 0 || close > compactionsAt || bytes[close + MESSAGES_END.length] !== COMMA) return undefined;
  const text = (from: number, to?: number) => bytes.toString("utf8", from, to);

  // Each message's `{` and, for all but the last, the `,` that ends it just before the next line.
  const starts: number[] = [];
  for (
    let at = bytes.indexOf(MESSAGE_START, open);
    at !== -1 && at < close;
    at = bytes.indexOf(MESSAGE_START, at + 1)
  )
    starts.push(at + MESSAGE_START.length - 1);
  const messageText = (i: number) =>
    text(starts[i]!, i + 1 < starts.length ? starts[i + 1]! - MESSAGE_START.length : close);

  let header: Record<string, unknown>;
  let tail: Record<string, unknown>;
  try {
    header = JSON.parse(`${text(0, messagesAt - 1)}}`);
    tail = JSON.parse(`{${text(close + MESSAGES_END.length + 1)}`);
  } catch {
    return undefined;
  }
  const compactions = tail.compactions as CompactionRecord[] | undefined;
  const keep = Array.isArray(compactions) ? compactions.at(-1)?.first_kept_index : undefined;
  if (typeof keep !== "number" || !Number.isInteger(keep) || keep <= 0 || keep > starts.length)
    return undefined;

  let kept: unknown[];
  try {
    kept = keep < starts.length ? JSON.parse(`[${text(starts[keep]!, close)}]`) : [];
  } catch {
    return undefined;
  }
  if (kept.length !== starts.length - keep) return undefined;
  const checked = SessionSchema.safeParse({ ...header, messages: kept, ...tail });
  if (!checked.success) return undefined; // the full parse words the problem precisely

  const messages: Message[] = new Array(starts.length);
  for (let i = 0; i < keep; i++) defineLazy(messages, i, () => parseMessage(file, messageText(i), i));
  for (let i = keep; i < starts.length; i++) messages[i] = kept[i - keep] as Message;
  const data = { ...header, messages, ...tail } as SessionData;
  return { data, lazyFrom: keep };
}

function parseMessage(file: string, json: string, index: number): Message {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new SessionLoadError(file, `invalid JSON in messages[${index}]: ${(error as Error).message}`);
  }
  const checked = MessageSchema.safeParse(value);
  if (!checked.success)
    throw new SessionLoadError(
      file,
      `invalid session at messages[${index}]: ${checked.error.issues[0]?.message}`,
    );
  return value as Message;
}

/**
 * messages[i] is built (and deep-frozen) on first read and cached. The element is non-configurable
 * and has no setter: it cannot be replaced or removed, so the append check never needs to compare it
 * (DiskState.immutablePrefix), and nothing has to read it to save the session.
 */
function defineLazy(messages: Message[], i: number, build: () => Message): void {
  let value: Message | undefined;
  Object.defineProperty(messages, i, {
    configurable: false,
    enumerable: true,
    get() {
      value ??= deepFreeze(build());
      return value;
    },
  });
}
