// Files an imported session under a new id, like the store's exclusive create (a temp file hard-
// linked to its final name, which fails if the name is taken), but without an fsync per file:
// importing hundreds of MB is bound by that, and an import interrupted by a crash is simply run
// again (it skips what is already there). The text comes prepared (prepare.ts) with an empty id.
import { randomBytes } from "node:crypto";
import { link, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertSafeTarget, ensureFolder } from "../../sessions/disk-writer.js";
import { idTaken } from "../../sessions/lookup.js";
import { validateSessionId } from "../../sessions/paths.js";
import { withId } from "./prepare.js";

/** `base`, then `base_2`, `base_3`... (the store's id rule). */
const idCandidate = (base: string, attempt: number) => (attempt === 1 ? base : `${base}_${attempt}`);

/** Saves the prepared `bytes` under the first free id from `baseId`; returns the id and file. */
export async function saveNewSession(
  root: string,
  folder: string,
  baseId: string,
  bytes: Uint8Array,
): Promise<{ id: string; file: string }> {
  ensureFolder(root, folder);
  for (let attempt = 1; attempt <= 10_000; attempt++) {
    const id = validateSessionId(idCandidate(baseId, attempt));
    if (idTaken(root, id)) continue;
    const target = path.join(folder, `${id}.json`);
    assertSafeTarget(root, target);
    const draft = path.join(folder, `.${id}.json.import-${process.pid}-${randomBytes(6).toString("hex")}`);
    await writeFile(draft, Buffer.concat(withId(bytes, id)), { mode: 0o600, flag: "wx" });
    try {
      await link(draft, target);
      return { id, file: target };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await unlink(draft).catch(() => {});
    }
  }
  throw new Error(`no free session id from ${baseId}`);
}
