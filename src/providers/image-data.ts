// Reads attached images for one request: each image block of the history gets the file's bytes
// (base64) if the file still has the SHA-256 recorded when it was attached; otherwise it is marked
// missing and converted to a text note. The messages passed in are not modified.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Message } from "../messages/types.js";
import type { LoadedImageBlock } from "./image-blocks.js";

async function load(block: LoadedImageBlock): Promise<LoadedImageBlock> {
  try {
    const bytes = await readFile(block.path);
    const sha = createHash("sha256").update(bytes).digest("hex");
    if (sha !== block.sha256) return { ...block, missing: "the file has changed since it was attached" };
    return { ...block, data: bytes.toString("base64") };
  } catch {
    return { ...block, missing: "the file was moved or deleted" };
  }
}

/** The messages with image bytes filled in (copies only where an image is). */
export async function withImageData(messages: Message[]): Promise<Message[]> {
  if (!messages.some((m) => m.role === "user" && typeof m.content !== "string")) return messages;
  return Promise.all(
    messages.map(async (m) => {
      if (m.role !== "user" || typeof m.content === "string") return m;
      const content = await Promise.all(m.content.map((b) => (b.type === "image" ? load(b) : b)));
      return { ...m, content };
    }),
  );
}
