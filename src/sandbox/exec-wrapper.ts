// One command in the sandbox with its own stdio (`agenix sandbox -- <command>`, MCP stdio servers):
// bubblewrap with the session's mounts running the supervisor's `exec`, which bridges the filtering
// proxy when domains are allowed. The same sandbox a tool call gets, one process tree per command.
import type { SandboxPolicy } from "./config.js";
import { supervisorPath } from "./locate.js";
import {
  protectedPlaceholders,
  removeProtectedPlaceholders,
  sandboxArgs,
  startProxyFor,
} from "./session-sandbox.js";
import { withSocketFilter } from "./socket-filter.js";

export interface WrappedCommand {
  command: string;
  args: string[];
  /** Stops the proxy and removes the protected folders' mount points (after the command ended). */
  close(): Promise<void>;
}

export async function wrapInSandbox(
  policy: SandboxPolicy,
  bwrap: string,
  command: string,
  args: readonly string[],
): Promise<WrappedCommand> {
  const proxy = await startProxyFor(policy);
  const placeholders = protectedPlaceholders(policy);
  const wrapped = withSocketFilter(policy, bwrap, [
    ...sandboxArgs(policy),
    "--",
    process.execPath,
    supervisorPath(),
    "exec",
    ...proxy.args,
    "--",
    command,
    ...args,
  ]);
  return {
    ...wrapped,
    close: async () => {
      await proxy.close();
      removeProtectedPlaceholders(placeholders);
    },
  };
}
