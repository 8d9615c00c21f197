// The editor's file system over ACP (`fs/read_text_file`, `fs/write_text_file`), for the file tools:
// when the editor offers it, read sees its buffers (unsaved changes included) and edit/write hand the
// new text to it, so the change shows in the open buffer. Each side the editor does not offer stays
// on the disk.
import type { AgentContext, ClientCapabilities } from "@agentclientprotocol/sdk";
import type { TextFiles } from "../tools/types.js";

export function editorFiles(
  client: AgentContext,
  capabilities: ClientCapabilities | undefined,
  sessionId: () => string,
): TextFiles | undefined {
  const fs = capabilities?.fs;
  if (!fs?.readTextFile && !fs?.writeTextFile) return undefined;
  return {
    readText: fs.readTextFile
      ? async (path) => (await client.request("fs/read_text_file", { sessionId: sessionId(), path })).content
      : undefined,
    writeText: fs.writeTextFile
      ? async (path, content) => {
          await client.request("fs/write_text_file", { sessionId: sessionId(), path, content });
        }
      : undefined,
  };
}
