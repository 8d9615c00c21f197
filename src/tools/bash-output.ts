// bash_output: what a background shell (bash run_in_background) printed since the last read, and
// whether it still runs. Output waits in a ring of 1 MB per shell; older output is dropped, and the
// result says how much. `filter` keeps only matching lines (the others are read, and gone).
import { z } from "zod";
import { stringArgument } from "../permissions/tool-permission.js";
import { describeShellStatus, type ShellInfo } from "./background-shells.js";
import { defineTool, ToolError } from "./define.js";

const schema = z.object({
  id: z.string().min(1).describe("The shell id bash returned (e.g. bash_1)"),
  filter: z
    .string()
    .optional()
    .describe("A regular expression: only output lines matching it are returned (the rest are discarded)"),
});

export const bashOutputTool = defineTool({
  name: "bash_output",
  description:
    "Read what a background shell (started with bash run_in_background) printed since the last read, " +
    "and whether it is still running or its exit code. Only new output is returned each time.",
  schema,
  // Reading or stopping a shell an allowed bash call started changes nothing else: no approval.
  permission: { kind: "none", label: (input) => stringArgument(input, "id") },
  // Part of a command's run, as an editor shows it.
  activity: "execute",
  async execute(args, ctx) {
    if (!ctx.shells) throw new ToolError("Background shells are not available here.");
    const filter = args.filter === undefined ? undefined : compileFilter(args.filter);
    const { info, text, droppedBytes } = ctx.shells.read(args.id);
    const status = statusLine(info);
    let body = text;
    let note = "";
    if (filter) {
      const lines = text.split("\n");
      if (lines.at(-1) === "") lines.pop();
      const kept = lines.filter((line) => filter.test(line));
      note = `[${kept.length} of ${lines.length} new lines match ${args.filter}]\n`;
      body = kept.length > 0 ? `${kept.join("\n")}\n` : "";
    }
    const dropped =
      droppedBytes > 0
        ? `[${droppedBytes} bytes of older output were dropped: a shell keeps at most 1 MB unread]\n`
        : "";
    const output = body === "" ? "(no new output)\n" : body;
    const lines = body === "" ? 0 : body.replace(/\n$/, "").split("\n").length;
    return {
      content: `${status}\n${dropped}${note}${output}`.replace(/\n$/, ""),
      summary: `${describeShellStatus(info)}, ${lines} new ${lines === 1 ? "line" : "lines"}`,
    };
  },
});

function statusLine(info: ShellInfo): string {
  const since = Math.round(((info.endedAt ?? Date.now()) - info.startedAt) / 1000);
  const state = info.running ? `running for ${since}s` : `${describeShellStatus(info)} after ${since}s`;
  return `Shell ${info.id} (${info.command.length > 80 ? `${info.command.slice(0, 79)}…` : info.command}): ${state}`;
}

function compileFilter(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new ToolError(
      `The filter is not a valid regular expression: ${(error as Error).message}. Nothing was read; fix the filter and call bash_output again.`,
    );
  }
}
