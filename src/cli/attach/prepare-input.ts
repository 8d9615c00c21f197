// A typed message -> what is sent: `@file` mentions attach the file's content as the read tool
// shows it (a directory: its listing), `@image.png` or a pasted image path attaches the image as a
// block that references the file and its SHA-256. The session records what was attached.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors.js";
import { ATTACHMENT_MARKER, type Attachment, type ImageBlock, type UserInput } from "../../messages/types.js";
import { shellQuote } from "../../permissions/rules.js";
import type { Decision } from "../../permissions/types.js";
import { MAX_IMAGE_BYTES, modelAcceptsImages } from "../../providers/vision.js";
import { findMentions, findPastedImagePaths, withoutTrailingPunctuation } from "./mentions.js";

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};
const MAX_LISTING = 200;

function expandHome(p: string): string {
  const home = process.env.HOME;
  return home && (p === "~" || p.startsWith("~/")) ? path.join(home, p.slice(2)) : p;
}

async function statOrUndefined(p: string) {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

/** The first of `raw` and `raw` without trailing punctuation that exists, resolved. */
async function existing(workingDir: string, raw: string) {
  for (const candidate of new Set([raw, withoutTrailingPunctuation(raw)])) {
    if (candidate === "") continue;
    const full = path.resolve(workingDir, expandHome(candidate));
    const info = await statOrUndefined(full);
    if (info) return { full, shown: candidate, info };
  }
  return undefined;
}

export function imageMediaType(file: string): string | undefined {
  return IMAGE_TYPES[path.extname(file).toLowerCase()];
}

async function imageBlock(full: string, shown: string, size: number, model: string): Promise<ImageBlock> {
  if (!modelAcceptsImages(model)) {
    throw new UsageError(
      `${model} does not accept images, so ${shown} cannot be attached. Switch to a model with vision (e.g. /model gpt-4o or --model claude-sonnet-4-5), or leave the image out.`,
    );
  }
  if (size > MAX_IMAGE_BYTES) {
    throw new UsageError(
      `${shown} is ${(size / 1024 / 1024).toFixed(1)} MB; images up to ${MAX_IMAGE_BYTES / 1024 / 1024} MB can be attached. Scale it down first.`,
    );
  }
  const bytes = await readFile(full);
  return {
    type: "image",
    path: full,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    media_type: imageMediaType(full)!,
  };
}

/** A file as the read tool shows it (numbered lines, first page), or its error as text. */
async function fileContent(full: string, workingDir: string): Promise<string> {
  const { readTool } = await import("../../tools/read.js");
  const result = await readTool.run(
    { file_path: full },
    { workingDir, signal: new AbortController().signal },
  );
  return result.content;
}

async function directoryListing(full: string): Promise<string> {
  const entries = await readdir(full, { withFileTypes: true });
  const names = entries
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort((a, b) => a.localeCompare(b));
  const shown = names.slice(0, MAX_LISTING);
  if (names.length > shown.length) shown.push(`... ${names.length - shown.length} more entries`);
  return shown.join("\n") || "(empty directory)";
}

function attachedBlock(kind: "file" | "directory", shown: string, body: string): string {
  return `${ATTACHMENT_MARKER}file path="${shown}" type="${kind}">\n${body}\n</attached-file>`;
}

export interface PrepareOptions {
  /** Attach image paths pasted without `@` (interactive mode). */
  pastedImages?: boolean;
  /**
   * What the user typed. Only mentions (and pasted paths) that appear in it are attached: never
   * one from piped stdin, a custom command's or skill's own text, or tool output. Default: `text`.
   */
  typed?: string;
  /** The read decision for a path (the session's permission check); anything but allow is not attached. */
  checkRead?: (absolute: string) => Promise<Decision | undefined>;
  /** Told when a mentioned path is not attached, and why. */
  onNotice?: (text: string) => void;
}

function notAttached(shown: string, decision: Decision): string {
  const how =
    decision.behavior === "ask" && decision.suggestions[0]
      ? ` To attach it, allow it: --allow ${shellQuote(decision.suggestions[0])} or a permissions.allow rule.`
      : "";
  return `Not attached: @${shown} (${decision.reason}).${how}`;
}

/**
 * The message as sent: the text unchanged when nothing is attached; otherwise the text followed by
 * each attached file's content, and, with images, content blocks. Throws UsageError for an image a
 * model cannot take or one that is too large.
 */
export async function prepareUserInput(
  text: string,
  workingDir: string,
  model: string,
  options: PrepareOptions = {},
): Promise<string | UserInput> {
  const attachments: Attachment[] = [];
  const images: ImageBlock[] = [];
  const blocks: string[] = [];
  const seen = new Set<string>();
  // Image paths pasted without `@` (a terminal's drag and drop, interactive mode only) are attached
  // when the model takes images; otherwise they stay text, as a path in a sentence would.
  const typed = options.typed ?? text;
  const pasted =
    options.pastedImages && modelAcceptsImages(model)
      ? findPastedImagePaths(typed).map((p) => ({ path: p }))
      : [];
  const typedMentions = new Set(findMentions(typed).map((m) => m.path));
  const candidates = [...findMentions(text).filter((m) => typedMentions.has(m.path)), ...pasted];
  for (const { path: raw } of candidates) {
    const found = await existing(workingDir, raw);
    if (!found || seen.has(found.full)) continue;
    seen.add(found.full);
    const { full, shown, info } = found;
    const decision = await options.checkRead?.(full);
    if (decision && decision.behavior !== "allow") {
      options.onNotice?.(notAttached(shown, decision));
      continue;
    }
    if (info.isDirectory()) {
      attachments.push({ type: "directory", path: shown });
      blocks.push(attachedBlock("directory", shown, await directoryListing(full)));
    } else if (imageMediaType(full)) {
      images.push(await imageBlock(full, shown, info.size, model));
      attachments.push({ type: "image", path: shown });
    } else if (info.isFile()) {
      attachments.push({ type: "file", path: shown });
      blocks.push(attachedBlock("file", shown, await fileContent(full, workingDir)));
    }
  }
  if (attachments.length === 0) return text;
  const fullText = text + blocks.join("");
  return {
    content: images.length > 0 ? [{ type: "text", text: fullText }, ...images] : fullText,
    attachments,
  };
}
