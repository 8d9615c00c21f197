// `agenix acp`: the ACP agent over stdio. stdout carries protocol messages only; logs go to stderr.
// The editor closing stdin stops running prompts, saves and closes every session, and ends the process.
import { Readable, Writable } from "node:stream";
import { ndJsonStream } from "@agentclientprotocol/sdk";
import { AcpHost } from "./agent.js";
import { authMethodsFor } from "./auth.js";

export async function serveAcp(version: string): Promise<number> {
  const log = (text: string) => {
    process.stderr.write(`${text.endsWith("\n") ? text : `${text}\n`}`);
  };
  const host = new AcpHost(version, log, await authMethodsFor(process.cwd()));
  const stream = ndJsonStream(
    Writable.toWeb(process.stdout) as WritableStream<Uint8Array>,
    Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
  );
  const connection = host.app().connect(stream);
  await connection.closed;
  await host.closeAll();
  return 0;
}
