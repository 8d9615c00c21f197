// Glob patterns for paths and shell command words, compiled once to regular expressions.
// Paths: `**` crosses folders, `*` and `?` stay within one, `dir/**` also matches `dir` itself.
// Command words: `*` matches anything (spaces too), and a trailing ` *` also matches nothing, so
// `git diff *` allows `git diff` as well as `git diff --stat`.

const cache = new Map<string, RegExp>();

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(ch) ? `\\${ch}` : ch;
}

/** Regex for an absolute path glob (already anchored to a folder by the caller). */
export function pathGlobRegex(glob: string): RegExp {
  const key = `p:${glob}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let body = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      const slashAfter = glob[i + 2] === "/";
      const atEnd = i + 2 === glob.length;
      if (slashAfter) {
        body += "(?:.*/)?"; // `**/` : zero or more folders
        i += 2;
      } else if (atEnd && body.endsWith("/")) {
        body = `${body.slice(0, -1)}(?:/.*)?`; // `dir/**` : dir itself and everything under it
        i += 1;
      } else {
        body += ".*";
        i += 1;
      }
    } else if (ch === "*") body += "[^/]*";
    else if (ch === "?") body += "[^/]";
    else body += escapeChar(ch);
  }
  const regex = new RegExp(`^${body}$`);
  cache.set(key, regex);
  return regex;
}

/** Regex for a bash rule pattern matched against the command's words joined by single spaces. */
export function commandGlobRegex(pattern: string): RegExp {
  const key = `c:${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Claude Code's prefix spelling `npm test:*` means the same as `npm test *`.
  let text = pattern.trim().replace(/:\*$/, " *");
  let tail = "";
  if (text.endsWith(" *")) {
    text = text.slice(0, -2);
    tail = "(?: .*)?";
  }
  let body = "";
  for (const ch of text) body += ch === "*" ? ".*" : escapeChar(ch);
  const regex = new RegExp(`^${body}${tail}$`, "s");
  cache.set(key, regex);
  return regex;
}
