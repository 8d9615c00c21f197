// Writing a snapshot's commit object without starting `git commit-tree`: a commit is a few lines of
// text, stored as a zlib-deflated loose object named by its SHA-1. Written to a temp file and renamed
// into place (what git does), so a kill leaves either no object or a whole one. Only for SHA-1
// repositories (the shadow repository is created as one); anything else goes through git.
import { createHash, randomBytes } from "node:crypto";
import { access, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateSync } from "node:zlib";

export const AUTHOR = "agenix <checkpoints@agenix.invalid>";

export interface CommitFields {
  tree: string;
  parent?: string;
  message: string;
  /** An ISO date (AGENIX_TEST_NOW); the current time when absent. */
  now?: string;
}

/** `<seconds> +0000`, git's raw date format, in UTC. */
function rawDate(now: string | undefined): string {
  const ms = now ? Date.parse(now) : Date.now();
  if (Number.isNaN(ms)) throw new Error(`Invalid date for a checkpoint commit: ${now}`);
  return `${Math.floor(ms / 1000)} +0000`;
}

/** The commit's bytes as git stores them (before the `commit <size>\0` header). */
export function commitBody(fields: CommitFields): Buffer {
  const date = rawDate(fields.now);
  const lines = [`tree ${fields.tree}`];
  if (fields.parent) lines.push(`parent ${fields.parent}`);
  lines.push(`author ${AUTHOR} ${date}`, `committer ${AUTHOR} ${date}`, "", fields.message);
  return Buffer.from(lines.join("\n"), "utf8");
}

const formats = new Map<string, boolean>();

/** Whether the repository stores SHA-1 objects (no `objectformat` other than sha1 in its config). */
export async function usesSha1(gitDir: string): Promise<boolean> {
  const known = formats.get(gitDir);
  if (known !== undefined) return known;
  const config = await readFile(path.join(gitDir, "config"), "utf8").catch(() => undefined);
  if (config === undefined) return false;
  const format = /^\s*objectformat\s*=\s*(\S+)/im.exec(config)?.[1];
  const sha1 = format === undefined || format.toLowerCase() === "sha1";
  formats.set(gitDir, sha1);
  return sha1;
}

/** Stores the commit as a loose object in `gitDir` and resolves to its id. */
export async function writeCommitObject(gitDir: string, fields: CommitFields): Promise<string> {
  const body = commitBody(fields);
  const object = Buffer.concat([Buffer.from(`commit ${body.length}\0`, "utf8"), body]);
  const id = createHash("sha1").update(object).digest("hex");
  const dir = path.join(gitDir, "objects", id.slice(0, 2));
  const file = path.join(dir, id.slice(2));
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists) return id;
  await mkdir(dir, { recursive: true });
  // git's own temp-object prefix: `git gc` and `git prune` clean up one a kill left behind.
  const temp = path.join(dir, `tmp_obj_agenix_${process.pid}_${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(temp, deflateSync(object), { mode: 0o444 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return id;
}
