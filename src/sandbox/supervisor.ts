// The program that runs INSIDE the sandbox (as `node sandbox-supervisor.js`), started once per
// session by session-sandbox.ts. Only Node built-ins: it is its own bundle entry.
//
//   serve [--proxy <socket>]          JSON lines on stdin/stdout: run commands, stream their output,
//                                     stop their process groups. One supervisor = one network
//                                     namespace, so a server started by one command answers the next.
//   exec [--proxy <socket>] -- cmd... runs one command with the terminal's stdio (agenix sandbox --,
//                                     MCP servers) and exits with its code.
//
// With --proxy, a TCP port on the sandbox's loopback forwards to the host's filtering proxy (a Unix
// socket), and HTTP_PROXY/HTTPS_PROXY/ALL_PROXY point at it.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { createInterface } from "node:readline";

export interface RunRequest {
  op: "run";
  id: number;
  script: string;
  cwd: string;
  env: Record<string, string>;
}
export interface StopRequest {
  op: "stop";
  id: number;
}
export type SupervisorRequest = RunRequest | StopRequest;
export type SupervisorReply =
  | { ready: true }
  | { id: number; data: string }
  | { id: number; exit: number | null; signal: NodeJS.Signals | null }
  | { id: number; closed: true }
  | { id: number; stopped: true }
  | { id: number; error: string };

/** Where the proxy bridge listens; the environment a command gets to use it. */
function proxyEnv(port: number, noProxy: string): Record<string, string> {
  const http = `http://127.0.0.1:${port}`;
  const socks = `socks5h://127.0.0.1:${port}`;
  return {
    HTTP_PROXY: http,
    HTTPS_PROXY: http,
    http_proxy: http,
    https_proxy: http,
    ALL_PROXY: socks,
    all_proxy: socks,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

function startBridge(socketPath: string): Promise<number> {
  const server = createServer((client) => {
    const upstream = connect(socketPath);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.unref();
      resolve((server.address() as { port: number }).port);
    });
  });
}

interface Options {
  proxy?: string;
  noProxy: string;
  rest: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { noProxy: "localhost,127.0.0.1,::1", rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--proxy") options.proxy = argv[++i];
    else if (arg === "--no-proxy") options.noProxy = argv[++i] ?? "";
    else if (arg === "--") {
      options.rest = argv.slice(i + 1);
      break;
    }
  }
  return options;
}

async function main(): Promise<void> {
  const [command, ...argv] = process.argv.slice(2);
  const options = parseOptions(argv);
  const extraEnv = options.proxy ? proxyEnv(await startBridge(options.proxy), options.noProxy) : {};
  if (command === "exec") return execOne(options.rest, extraEnv);
  if (command === "serve") return serve(extraEnv);
  process.stderr.write(`agenix sandbox supervisor: unknown command ${command}\n`);
  process.exit(2);
}

function execOne(argv: string[], extraEnv: Record<string, string>): void {
  const [file, ...args] = argv;
  if (!file) {
    process.stderr.write("agenix sandbox: no command given\n");
    process.exit(2);
  }
  const child = spawn(file, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`agenix sandbox: cannot run ${file}: ${error.message}\n`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (signal === "SIGKILL" ? 9 : 15)));
}

function serve(extraEnv: Record<string, string>): void {
  const send = (reply: SupervisorReply) => process.stdout.write(`${JSON.stringify(reply)}\n`);
  const children = new Map<number, ChildProcess>();
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    let request: SupervisorRequest;
    try {
      request = JSON.parse(line) as SupervisorRequest;
    } catch {
      return;
    }
    if (request.op === "run") run(request);
    else if (request.op === "stop") void stop(request.id);
  });
  // The session ended (or agenix died): end everything in the sandbox's PID namespace before
  // exiting. bwrap reports the supervisor's exit as soon as it happens, before the kernel has
  // finished killing the rest of the namespace, so the supervisor kills and waits for them itself.
  lines.on("close", () => void endAll().finally(() => process.exit(0)));
  send({ ready: true });

  function run(request: RunRequest): void {
    const child = spawn("bash", ["-c", request.script], {
      cwd: request.cwd,
      env: { ...request.env, ...extraEnv },
      detached: true,
      stdio: ["ignore", "pipe", "ignore"],
    });
    children.set(request.id, child);
    child.stdout!.on("data", (chunk: Buffer) => send({ id: request.id, data: chunk.toString("base64") }));
    child.stdout!.on("close", () => send({ id: request.id, closed: true }));
    child.on("error", (error) => send({ id: request.id, error: error.message }));
    child.on("exit", (code, signal) => send({ id: request.id, exit: code, signal }));
  }

  async function stop(id: number): Promise<void> {
    const pid = children.get(id)?.pid;
    if (pid !== undefined) {
      signalGroup(pid, "SIGTERM");
      if (!(await gone(pid, 2000))) {
        signalGroup(pid, "SIGKILL");
        await gone(pid, 2000);
      }
    }
    send({ id, stopped: true });
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Kills every other process in this PID namespace (kill -1 reaches no further) and waits for them. */
async function endAll(): Promise<void> {
  try {
    process.kill(-1, "SIGKILL");
  } catch {
    // nothing else runs
  }
  for (let waited = 0; waited <= 2000; waited += 10) {
    if (othersInNamespace() === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Processes in this namespace other than its init (bwrap, pid 1) and this supervisor, zombies excluded. */
function othersInNamespace(): number {
  let count = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || entry === "1" || Number(entry) === process.pid) continue;
    try {
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (state !== "Z") count++;
    } catch {
      // gone
    }
  }
  return count;
}

async function gone(pgid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 25) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

void main();
