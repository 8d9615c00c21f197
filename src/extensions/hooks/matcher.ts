// Matchers as Claude Code reads them: empty or `*` matches everything; a plain name or `A|B` list
// matches those names exactly; anything else is a regular expression (`Edit|Write`, `mcp__github__.*`,
// `Notebook.*`), tested anywhere in the name as Claude Code does. Case-sensitive, like Claude Code.

const PLAIN = /^[A-Za-z0-9_|-]+$/;

export type Matcher = (values: readonly string[]) => boolean;

/** Compiles a matcher; throws on an invalid regular expression (the caller reports it). */
export function compileMatcher(matcher: string | undefined): Matcher {
  const text = (matcher ?? "").trim();
  if (text === "" || text === "*") return () => true;
  if (PLAIN.test(text)) {
    const names = new Set(text.split("|").filter(Boolean));
    return (values) => values.some((v) => names.has(v));
  }
  const pattern = new RegExp(text);
  return (values) => values.some((v) => pattern.test(v));
}
