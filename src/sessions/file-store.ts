// The file store as agenix itself opens it (open-store.ts): SessionManager plus the fast import path,
// which writes prepared bytes straight to a new file. A subclass of SessionManager (the spec's
// CustomSessionManager) does not have it, so its imports go through its own saveSession.
import { SessionManager } from "./manager.js";
import { saveSerialized } from "./serialized.js";

export class FileSessionStore extends SessionManager {
  async addSerialized(
    baseId: string,
    workingDir: string,
    bytes: Uint8Array,
  ): Promise<{ id: string; path: string }> {
    return saveSerialized(this.dir, this.folderFor(workingDir), baseId, bytes);
  }
}
