// `@path` mentions in a message: `@src/app.ts`, `@"name with spaces.md"`. Only paths that exist
// are attachments; anything else (`user@example.com`, `@someone`) stays plain text.
export interface Mention {
  /** The path as written (quotes removed). */
  path: string;
  /** Where the mention (with its @) starts and ends in the text. */
  start: number;
  end: number;
}

const MENTION = /(^|\s)@(?:"([^"]+)"|([^\s"]+))/g;

export function findMentions(text: string): Mention[] {
  const out: Mention[] = [];
  for (const match of text.matchAll(MENTION)) {
    const start = (match.index ?? 0) + match[1]!.length;
    const raw = match[2] ?? match[3]!;
    out.push({ path: raw, start, end: start + match[0].length - match[1]!.length });
  }
  return out;
}

/** Trailing punctuation a sentence adds after a path (`look at @a.ts, then`). */
export function withoutTrailingPunctuation(p: string): string {
  return p.replace(/[,.;:!?)\]}'`]+$/, "");
}

const IMAGE_PATH =
  /(^|\s)(?:'([^']+\.(?:png|jpe?g|gif|webp))'|"([^"]+\.(?:png|jpe?g|gif|webp))"|((?:~|\.{0,2})\/(?:\\ |[^\s])+\.(?:png|jpe?g|gif|webp)))(?=\s|$)/gi;

/** Image paths pasted as text (a terminal's drag and drop: absolute, maybe quoted or with `\ `). */
export function findPastedImagePaths(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IMAGE_PATH)) {
    const raw = match[2] ?? match[3] ?? match[4]!;
    out.push(raw.replace(/\\ /g, " "));
  }
  return out;
}
