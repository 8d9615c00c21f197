// A closed pipe on stdout or stderr (`agenix ... | head -1`) is not an error: the reader has what
// it wanted. The write error is swallowed, later writes go nowhere, and the run goes on to its end
// (the model request, the saved session) and its usual exit code. Without this, Node throws an
// unhandled 'error' event: a stack trace, exit 1, and no request.

const CLOSED = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

export function quietClosedPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (CLOSED.has(error.code ?? "")) return;
      throw error;
    });
  }
}
