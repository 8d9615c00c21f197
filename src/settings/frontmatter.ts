// YAML frontmatter of Markdown files (SKILL.md, custom commands), parsed with `yaml`: plain data only,
// nothing is evaluated (unlike gray-matter's `---js`).
// `yaml` is loaded on first need (loadYaml): most runs have no skill or command file to parse.
let parse: ((source: string) => unknown) | undefined;

/** Loads the YAML parser; call (and await) before parseFrontmatter. */
export async function loadYaml(): Promise<void> {
  if (parse) return;
  const yaml = await import("yaml");
  // Bundled, the CommonJS build may arrive as the default export only.
  parse = yaml.parse ?? (yaml as unknown as { default: typeof yaml }).default.parse;
}

export interface Frontmatter {
  /** The frontmatter as an object ({} when there is none). */
  data: Record<string, unknown>;
  /** The text after the frontmatter. */
  body: string;
  /** Set when the frontmatter is not valid YAML or not a mapping. */
  error?: string;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function parseFrontmatter(text: string): Frontmatter {
  const source = text.replace(/^\uFEFF/, "");
  const match = FENCE.exec(source);
  if (!match) return { data: {}, body: source };
  const body = source.slice(match[0].length);
  if (!parse) throw new Error("parseFrontmatter: await loadYaml() first");
  try {
    const data: unknown = parse(match[1] ?? "");
    if (data === null || data === undefined) return { data: {}, body };
    if (typeof data !== "object" || Array.isArray(data)) {
      return { data: {}, body, error: "the frontmatter is not a mapping of keys to values" };
    }
    return { data: data as Record<string, unknown>, body };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { data: {}, body, error: `the frontmatter is not valid YAML: ${reason}` };
  }
}
