// bash in an editor terminal (ACP `terminal/*`), for commands the sandbox does not run: the editor
// shows the command live in the tool call, and its output comes back to the model when it exits.
// Timeout and cancel kill it through `terminal/kill`. Inside the sandbox (when it is on) commands never
// come here: an editor terminal runs outside it, without its file and network limits.
import type { AgentContext } from "@agentclientprotocol/sdk";
import type { ShellHandle, ShellOptions } from "../tools/shell-handle.js";

/** What bash keeps of a command's output (the bounded buffer cuts it further). */
const OUTPUT_BYTE_LIMIT = 1024 * 1024;

export type ShellLauncher = (script: string, options: ShellOptions) => Promise<ShellHandle>;

/** `onTerminal`: the terminal's id as soon as it exists (to show it in the running tool call). */
export function editorShell(
  client: AgentContext,
  sessionId: () => string,
  onTerminal: (terminalId: string) => Promise<void>,
): ShellLauncher {
  return async (script, options) => {
    const terminal = await client.createTerminal({
      sessionId: sessionId(),
      command: "bash",
      args: ["-c", script],
      cwd: options.cwd,
      env: Object.entries(options.env).map(([name, value]) => ({ name, value })),
      outputByteLimit: OUTPUT_BYTE_LIMIT,
    });
    await onTerminal(terminal.id);
    const data: ((chunk: Buffer) => void)[] = [];
    const exits: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
    const closes: (() => void)[] = [];
    const errors: ((error: Error) => void)[] = [];
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      terminal.release().catch(() => {});
    };
    // The output as a whole once the command has exited (the editor showed it live meanwhile).
    const finished = (async () => {
      const exit = await terminal.waitForExit();
      const { output } = await terminal.currentOutput();
      return { exit, output };
    })();
    finished.then(
      ({ exit, output }) => {
        for (const listener of data) listener(Buffer.from(output, "utf8"));
        for (const listener of exits)
          listener(exit.exitCode ?? null, (exit.signal ?? null) as NodeJS.Signals | null);
        for (const listener of closes) listener();
        release();
      },
      (error: unknown) => {
        for (const listener of errors) listener(error instanceof Error ? error : new Error(String(error)));
        release();
      },
    );
    return {
      onData: (listener) => data.push(listener),
      onExit: (listener) => exits.push(listener),
      onClose: (listener) => closes.push(listener),
      onError: (listener) => errors.push(listener),
      async stop() {
        await terminal.kill().catch(() => {});
        await finished.catch(() => {});
      },
      // The bash tool calls this when the command is done; the output has been read by then.
      release: () => {},
    };
  };
}
