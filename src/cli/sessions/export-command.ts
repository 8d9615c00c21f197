// `agenix sessions export <id> --format json|markdown|html [-o FILE] [--redact]`.
import { chmod, open } from "node:fs/promises";
import { homedir } from "node:os";
import { UsageError } from "../../errors.js";
import { writeErr, writeJsonText, writeOut } from "../output.js";
import { type CommandOptions, managerFor, subagentSessions, workingDirOf } from "./context.js";
import { exportCommand } from "./read-commands.js";

const FORMATS = ["json", "markdown", "md", "html"];

export async function exportAnyCommand(id: string, options: CommandOptions): Promise<number> {
  const format = String(options.format ?? "json").toLowerCase();
  if (!FORMATS.includes(format)) {
    throw new UsageError(
      `Unknown export format: ${JSON.stringify(options.format)}. Use json, markdown or html.`,
    );
  }
  if (format === "json") return exportCommand(id, options);
  const manager = await managerFor();
  let session = await manager.loadSession(id, { workingDir: workingDirOf(options) });
  // The HTML page carries the subagents' conversations under their task calls.
  let children = format === "html" ? await subagentSessions(manager, session) : [];
  let redactions = 0;
  if (options.redact) {
    const { redactSession } = await import("../../redact/redact.js");
    const result = redactSession(session, { home: homedir() });
    session = result.session;
    redactions = result.redactions;
    children = children.map((child) => {
      const redacted = redactSession(child, { home: homedir() });
      redactions += redacted.redactions;
      return redacted.session;
    });
  }
  const text =
    format === "html"
      ? await (await import("../../history/export/html.js")).sessionToHtml(session, children)
      : await (await import("../../history/export/markdown.js")).sessionToMarkdown(session);
  const output = typeof options.output === "string" ? options.output : undefined;
  if (output) {
    const handle = await open(output, "w", 0o600);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await chmod(output, 0o600);
    writeErr(`Exported ${id} to ${output}\n`);
  } else if (format === "json") writeJsonText(text);
  else writeOut(text);
  if (options.redact) writeErr(`Redacted ${redactions} secret${redactions === 1 ? "" : "s"}\n`);
  return 0;
}
