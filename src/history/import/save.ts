// Files an imported session under a new id with the store's exclusive create (claimNewFile: a temp
// file hard-linked to its final name), but without an fsync per file: importing hundreds of MB is
// bound by that, and an import interrupted by a crash is simply run again (it skips what is already
// there). The bytes come prepared (prepare.ts) with an empty id.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { claimNewFile } from "../../sessions/create.js";
import { assertSafeTarget, ensureFolder } from "../../sessions/disk-writer.js";
import { idTaken } from "../../sessions/lookup.js";
import { validateSessionId } from "../../sessions/paths.js";
import { withId } from "./prepare.js";

/** Saves the prepared `bytes` under the first free id from `baseId`; returns the id and file. */
export async function saveNewSession(
  root: string,
  folder: string,
  baseId: string,
  bytes: Uint8Array,
): Promise<{ id: string; file: string }> {
  ensureFolder(root, folder);
  const saved = await claimNewFile(
    folder,
    baseId,
    (id) => idTaken(root, id),
    async (draft, id) => {
      validateSessionId(id);
      assertSafeTarget(root, path.join(folder, `${id}.json`));
      await writeFile(draft, Buffer.concat(withId(bytes, id)), { mode: 0o600, flag: "wx" });
    },
  );
  return { id: saved.id, file: saved.path };
}
