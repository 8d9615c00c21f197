// What the user is told about taking snapshots: a working tree over the file limit (no checkpoint
// at all), files over the size limit, repositories inside the project, nothing snapshotted because
// the enclosing repository's ignore rules leave nothing, a snapshot skipped while another process
// held the repository. Each is said once.
import type { InheritedRules } from "./shadow-repo.js";
import type { ScanResult, SnapshotLimits } from "./snapshot.js";

/** git's id of the tree with nothing in it. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export type Notify = (text: string) => void;

export class SnapshotNotices {
  /** Notices already given (each skipped file or limit is named once per process). */
  private readonly told = new Set<string>();

  tellOnce(key: string, text: string, notify: Notify): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    notify(text);
  }

  /** Tells what the scan left out; false when the tree is over the file limit (nothing to commit). */
  tell(
    scan: ScanResult,
    where: { workTree: string; limits: SnapshotLimits; inherited: InheritedRules },
    notify: Notify,
  ): scan is Extract<ScanResult, { kind: "ok" }> {
    if (scan.kind === "too-many") {
      this.tellOnce(
        "too-many",
        `Checkpoints: ${where.workTree} holds more than ${where.limits.maxFiles.toLocaleString("en-US")} files; ` +
          "no checkpoints are taken for it (settings checkpoints.maxFiles; add folders to .gitignore to leave them out).",
        notify,
      );
      return false;
    }
    const fresh = scan.skipped.filter((f) => !this.told.has(`big:${f}`));
    if (fresh.length > 0) {
      for (const f of fresh) this.told.add(`big:${f}`);
      notify(
        `Checkpoints: not snapshotting ${fresh.length === 1 ? "a file" : `${fresh.length} files`} over ${sizeText(where.limits.maxFileBytes)} (checkpoints.maxFileBytes): ` +
          `${fresh.map((f) => JSON.stringify(f)).join(", ")}. Undo leaves ${fresh.length === 1 ? "it" : "them"} as ${fresh.length === 1 ? "it is" : "they are"}.`,
      );
    }
    if (scan.nested.length > 0) {
      this.tellOnce(
        `nested:${scan.nested.join("\0")}`,
        `Checkpoints: the repositories inside this project are not snapshotted: ${scan.nested.join(", ")}.`,
        notify,
      );
    }
    if (scan.tree === EMPTY_TREE && where.inherited.top) {
      this.tellOnce(
        "empty",
        `Checkpoints: no file in ${where.workTree} is snapshotted: it is empty, or the ignore rules of the repository at ${where.inherited.top} ignore everything in it (as git status there shows).`,
        notify,
      );
    }
    return true;
  }
}

/** The size limit as a person reads it: `10 MB`, `512 KB`, `100 bytes` (never rounded down to 0). */
function sizeText(bytes: number): string {
  const unit = (n: number, name: string) => `${Number(n.toFixed(1)).toLocaleString("en-US")} ${name}`;
  if (bytes >= 1024 * 1024) return unit(bytes / 1024 / 1024, "MB");
  if (bytes >= 1024) return unit(bytes / 1024, "KB");
  return `${bytes.toLocaleString("en-US")} bytes`;
}
