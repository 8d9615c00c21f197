// An ACP prompt (content blocks) as an agenix user message: text as typed, an embedded resource
// (an editor's open file) attached like `@file`, a resource link named in the text, an image (a
// pasted screenshot) kept as a file and sent as an image block, as `@image.png` is.
import { fileURLToPath } from "node:url";
import { type ContentBlock, RequestError } from "@agentclientprotocol/sdk";
import { ATTACHMENT_MARKER, type ImageBlock, type UserInput } from "../messages/types.js";
import { MAX_IMAGE_BYTES, modelAcceptsImages } from "../providers/vision.js";
import { keepImage } from "./image-store.js";

type Attachment = NonNullable<UserInput["attachments"]>[number];

function uriPath(uri: string): string {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

export interface PromptContext {
  /** The session's model (images are refused for a text-only one). */
  model: string;
  /** Where pasted images are kept: ~/.agenix/images. */
  imagesDir: string;
}

async function image(data: string, mimeType: string, uri: string | null | undefined, context: PromptContext) {
  if (!modelAcceptsImages(context.model)) {
    throw RequestError.invalidParams(
      undefined,
      `${context.model} does not accept images: switch to a model with vision (e.g. gpt-4o or claude-sonnet-4-5), or leave the image out.`,
    );
  }
  const bytes = Buffer.from(data, "base64");
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw RequestError.invalidParams(
      undefined,
      `The image is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; images up to ${MAX_IMAGE_BYTES / 1024 / 1024} MB can be sent. Scale it down first.`,
    );
  }
  try {
    return await keepImage(bytes, mimeType, uri ? uriPath(uri) : undefined, context.imagesDir);
  } catch (error) {
    throw RequestError.invalidParams(undefined, error instanceof Error ? error.message : String(error));
  }
}

export async function promptToInput(
  blocks: readonly ContentBlock[],
  context: PromptContext,
): Promise<string | UserInput> {
  const texts: string[] = [];
  const attached: string[] = [];
  const attachments: Attachment[] = [];
  const images: ImageBlock[] = [];
  for (const block of blocks) {
    if (block.type === "text") texts.push(block.text);
    else if (block.type === "resource_link") texts.push(`@${uriPath(block.uri)}`);
    else if (block.type === "image") {
      const kept = await image(block.data, block.mimeType, block.uri, context);
      images.push(kept);
      attachments.push({ type: "image", path: kept.path });
    } else if (block.type === "resource" && "text" in block.resource) {
      const shown = uriPath(block.resource.uri);
      attachments.push({ type: "file", path: shown });
      attached.push(
        `${ATTACHMENT_MARKER}file path="${shown}" type="file">\n${block.resource.text}\n</attached-file>`,
      );
    } else if (
      block.type === "resource" &&
      "blob" in block.resource &&
      block.resource.mimeType?.startsWith("image/")
    ) {
      const { blob, mimeType, uri } = block.resource;
      const kept = await image(blob, mimeType, uri, context);
      images.push(kept);
      attachments.push({ type: "image", path: kept.path });
    } else if (block.type === "resource") {
      texts.push(`@${uriPath(block.resource.uri)}`);
    }
    // Audio: not taken (promptCapabilities.audio is false).
  }
  const text = texts.join("\n") + attached.join("");
  if (attachments.length === 0) return text;
  return { content: images.length > 0 ? [{ type: "text", text }, ...images] : text, attachments };
}
