// Files an imported session under a new id, like the store's exclusive create (a temp file hard-
// linked to its final name, which fails if the name is taken), but serialised with one native
// JSON.stringify (the same bytes as the store writes) and without an fsync per file: importing
// hundreds of MB is bound by these two costs, and an import interrupted by a crash is simply run
// again (it skips what is already there).
import { randomBytes } from "node:crypto";
import { link, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { HEADER_KEYS, type SessionData } from "../../messages/types.js";

import { assertSafeTarget, ensureFolder } from "../../sessions/disk-writer.js";
import { idTaken } from "../../sessions/lookup.js";
import { validateSessionId } from "../../sessions/paths.js";

/** `base`, then `base_2`, `base_3`... (the store's id rule). */
const idCandidate = (base: string, attempt: number) => (attempt === 1 ? base : `${base}_${attempt}`);

/** The session with the header keys first, as the store writes it. */
function inStoreOrder(data: SessionData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of HEADER_KEYS) out[key] = data[key];
  out.messages = data.messages;
  for (const [key, value] of Object.entries(data)) if (!(key in out)) out[key] = value;
  return out;
}

export async function saveNewSession(
  root: string,
  folder: string,
  baseId: string,
  data: SessionData,
): Promise<string> {
  ensureFolder(root, folder);
  for (let attempt = 1; attempt <= 10_000; attempt++) {
    const id = validateSessionId(idCandidate(baseId, attempt));
    if (idTaken(root, id)) continue;
    data.id = id;
    const target = path.join(folder, `${id}.json`);
    assertSafeTarget(root, target);
    const draft = path.join(folder, `.${id}.json.import-${process.pid}-${randomBytes(6).toString("hex")}`);
    await writeFile(draft, `${JSON.stringify(inStoreOrder(data), null, 2)}\n`, { mode: 0o600, flag: "wx" });
    try {
      await link(draft, target);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await unlink(draft).catch(() => {});
    }
  }
  throw new Error(`no free session id from ${baseId}`);
}
