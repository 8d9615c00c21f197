// kill_shell: stops a background shell (bash run_in_background) and everything it started: its
// process group gets SIGTERM, then SIGKILL after a grace. Resolves once they are gone.
import { z } from "zod";
import { stringArgument } from "../permissions/tool-permission.js";
import { describeShellStatus } from "./background-shells.js";
import { defineTool, ToolError } from "./define.js";

const schema = z.object({
  id: z.string().min(1).describe("The shell id bash returned (e.g. bash_1)"),
});

export const killShellTool = defineTool({
  name: "kill_shell",
  description:
    "Stop a background shell started with bash run_in_background, with every process it started. " +
    "Unread output stays readable with bash_output.",
  schema,
  // Reading or stopping a shell an allowed bash call started changes nothing else: no approval.
  permission: { kind: "none", label: (input) => stringArgument(input, "id") },
  // Part of a command's run, as an editor shows it.
  activity: "execute",
  async execute(args, ctx) {
    if (!ctx.shells) throw new ToolError("Background shells are not available here.");
    const { wasRunning, info } = await ctx.shells.kill(args.id);
    if (!wasRunning) {
      return {
        content: `Shell ${info.id} was not running (${describeShellStatus(info)}); nothing to stop.`,
        summary: `${info.id} already ended`,
      };
    }
    return { content: `Stopped shell ${info.id} (${info.command}).`, summary: `Stopped ${info.id}` };
  },
});
