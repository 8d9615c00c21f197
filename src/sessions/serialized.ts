// A session already serialised (spec JSON, `"id": ""` first) stored without parsing it again: the file
// store's fast import path (SessionStore.addSerialized). It takes the store's exclusive create
// (claimNewFile: a temp file hard-linked to its final name) but no fsync per file: importing hundreds
// of MB is bound by that, and an import interrupted by a crash is simply run again (it skips what is
// already there).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { claimNewFile } from "./create.js";
import { assertSafeTarget, ensureFolder } from "./disk-writer.js";
import { idTaken } from "./lookup.js";
import { validateSessionId } from "./paths.js";

const EMPTY_ID = Buffer.from('{\n  "id": ""');

/** A prepared session's bytes with its id filled in: the id's bytes, then the rest as it is. */
export function withId(bytes: Uint8Array, id: string): Uint8Array[] {
  const prefix = Buffer.from(bytes.buffer, bytes.byteOffset, EMPTY_ID.length);
  if (bytes.length < EMPTY_ID.length || !prefix.equals(EMPTY_ID))
    throw new Error("a prepared session must start with its empty id");
  return [Buffer.from(`{\n  "id": ${JSON.stringify(id)}`), bytes.subarray(EMPTY_ID.length)];
}

/** Saves the prepared `bytes` in `folder` of `root` under the first free id from `baseId`. */
export async function saveSerialized(
  root: string,
  folder: string,
  baseId: string,
  bytes: Uint8Array,
): Promise<{ id: string; path: string }> {
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
  return { id: saved.id, path: saved.path };
}
