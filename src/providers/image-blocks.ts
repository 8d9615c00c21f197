// Image blocks on their way to a provider. The session stores an image as a reference (path and
// SHA-256, never the bytes); just before a request, image-data.ts reads each file into a copy of the
// message (the bytes never reach the session file). A block whose file is gone or changed has no
// data and goes to the model as a short text note, so an old session still continues.
import type { ImageBlock } from "../messages/types.js";

/** The in-memory form with the file's bytes, base64, as read for this request. */
export type LoadedImageBlock = ImageBlock & { data?: string; missing?: string };

export function imageData(block: ImageBlock): string | undefined {
  const data = (block as LoadedImageBlock).data;
  return typeof data === "string" && data !== "" ? data : undefined;
}

export function missingImageNote(block: ImageBlock): string {
  const why = (block as LoadedImageBlock).missing ?? "it was not loaded";
  return `[image ${block.path} is no longer available (${why}); it was attached here earlier]`;
}
