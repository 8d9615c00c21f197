// Images an editor sends (base64 in the prompt) as files, since a session's image blocks name a file
// and its SHA-256 (the provider reads it at send time): the editor's own file when the block names one
// with the same bytes, else ~/.agenix/images/<sha256>.<ext> (0600 in a 0700 folder).
import { createHash } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ImageBlock } from "../messages/types.js";

const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
};

export async function keepImage(
  bytes: Buffer,
  mimeType: string,
  sourceFile: string | undefined,
  imagesDir: string,
): Promise<ImageBlock> {
  const ext = EXTENSIONS[mimeType];
  if (!ext) {
    throw new Error(
      `Images of type ${mimeType} cannot be sent; use PNG, JPEG, GIF or WebP (${Object.keys(EXTENSIONS).join(", ")}).`,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const block = { type: "image" as const, sha256, media_type: mimeType };
  if (sourceFile && path.isAbsolute(sourceFile)) {
    const onDisk = await readFile(sourceFile).catch(() => undefined);
    if (onDisk && createHash("sha256").update(onDisk).digest("hex") === sha256) {
      return { ...block, path: sourceFile };
    }
  }
  await mkdir(imagesDir, { recursive: true, mode: 0o700 });
  await chmod(imagesDir, 0o700);
  const file = path.join(imagesDir, `${sha256}${ext}`);
  // Written whole, then renamed into place: a torn write never carries the image's name (its hash).
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, bytes, { mode: 0o600 });
  await rename(temp, file);
  return { ...block, path: file };
}
