// An ACP prompt (content blocks) as an agenix user message: text as typed, an embedded resource
// (an editor's open file) attached like `@file`, a resource link named in the text.
import { fileURLToPath } from "node:url";
import type { ContentBlock } from "@agentclientprotocol/sdk";
import { ATTACHMENT_MARKER, type UserInput } from "../messages/types.js";

type Attachment = NonNullable<UserInput["attachments"]>[number];

function uriPath(uri: string): string {
  try {
    return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

export function promptToInput(blocks: readonly ContentBlock[]): string | UserInput {
  const texts: string[] = [];
  const attached: string[] = [];
  const attachments: Attachment[] = [];
  for (const block of blocks) {
    if (block.type === "text") texts.push(block.text);
    else if (block.type === "resource_link") texts.push(`@${uriPath(block.uri)}`);
    else if (block.type === "resource" && "text" in block.resource) {
      const shown = uriPath(block.resource.uri);
      attachments.push({ type: "file", path: shown });
      attached.push(
        `${ATTACHMENT_MARKER}file path="${shown}" type="file">\n${block.resource.text}\n</attached-file>`,
      );
    }
    // Images and binary resources: not taken yet (promptCapabilities say so).
  }
  const text = texts.join("\n");
  if (attachments.length === 0) return text;
  return { content: text + attached.join(""), attachments };
}
