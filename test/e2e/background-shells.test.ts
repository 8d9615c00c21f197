// Background shells through the built binary and the scripted server, with the sandbox off and on:
// a server the model starts with run_in_background answers curl from a later call (inside the
// sandbox, on the sandbox's own loopback), bash_output returns its log, kill_shell stops it (gone
// from /proc when the next request arrives), and the end of the run stops any left running, with a
// notice on stderr. A background command the permission check refuses never starts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import { type LlmServer, type ScriptedReply, startLlmServer } from "../support/llm-server.js";
import { waitUntil } from "../support/wait-until.js";
import { openaiEnv, startAgenix } from "./helpers.js";
import { processesWith, runIn, sandboxEnv, toolResultsOnWire } from "./sandbox-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});
const llms: LlmServer[] = [];
afterEach(async () => {
  for (const llm of llms.splice(0)) await llm.close();
});

/** A port free right now on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Python processes (not a shell about to become one) whose command line contains `marker`. */
function pythonsWith(marker: string): number {
  return processesWith(marker).filter((pid) => {
    try {
      return path.basename(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]!).startsWith("python");
    } catch {
      return false;
    }
  }).length;
}

function calls(...list: { name: string; arguments: Record<string, unknown> }[]): ScriptedReply[] {
  return [
    ...list.map((call, i) => ({ text: "", toolCalls: [{ id: `call_${i + 1}`, ...call }] })),
    { text: "done" },
  ];
}

describe.each([
  { name: "sandbox off", sandboxed: false },
  { name: "sandbox on (workspace-write)", sandboxed: true },
])("background shells, $name", ({ sandboxed }) => {
  it("a background server answers curl, bash_output returns its log, kill_shell stops it, the end stops the rest", async () => {
    const port = await freePort();
    const tag = `agenix-e2e-bg-${process.pid}-${port}`;
    writeFileSync(path.join(home.workDir, "hello.txt"), `hello from ${tag}\n`);
    const serverCmd = `python3 -m http.server ${port} --bind 127.0.0.1`;
    // The sleeper says it is up with a file, so the step after it can wait for it.
    const sleeper = `python3 -c 'open("sleeper-up", "w").close(); import time; time.sleep(300)' ${tag}`;
    // /proc as each request arrives: after kill_shell (the 5th request) the server must be gone.
    const serversAt: number[] = [];
    const sleepersAt: number[] = [];
    const llm = await startLlmServer([], {
      respond: () => {
        serversAt.push(pythonsWith(`http.server ${port}`));
        sleepersAt.push(pythonsWith(tag));
        return undefined;
      },
    });
    llms.push(llm);
    llm.push(
      ...calls(
        { name: "bash", arguments: { command: serverCmd, run_in_background: true } },
        {
          name: "bash",
          arguments: {
            command: `for i in $(seq 600); do curl -sf http://127.0.0.1:${port}/hello.txt && break; sleep 0.05; done`,
          },
        },
        { name: "bash_output", arguments: { id: "bash_1", filter: "GET /hello" } },
        { name: "kill_shell", arguments: { id: "bash_1" } },
        { name: "bash", arguments: { command: sleeper, run_in_background: true } },
        { name: "bash", arguments: { command: "until [ -e sleeper-up ]; do sleep 0.05; done" } },
      ),
    );
    const env = sandboxed ? sandboxEnv(home, llm) : { ...openaiEnv(home, llm), AGENIX_SANDBOX: "off" };
    const args = sandboxed ? ["-p", "go"] : ["-p", "--permission-mode", "yolo", "go"];
    const result = await runIn(home, args, env);
    expect(result.code, result.stderr).toBe(0);

    const results = toolResultsOnWire(llm);
    expect(results[0]).toMatch(
      new RegExp(
        `^Started in the background as bash_1${sandboxed ? " \\(in the sandbox: a server it starts is reachable only from sandboxed commands\\)" : ""}\\. `,
      ),
    );
    expect(results[1]).toContain(`hello from ${tag}`);
    expect(results[2]).toMatch(/^Shell bash_1 \(python3 -m http\.server .*\): running for \d+s/);
    expect(results[2]).toMatch(
      /\[1 of \d+ new lines match GET \/hello\]\n.*"GET \/hello\.txt HTTP\/1\.1" 200/,
    );
    expect(results[3]).toBe(`Stopped shell bash_1 (${serverCmd}).`);
    // After curl and bash_output the server ran; the request after kill_shell found it gone from /proc.
    expect(serversAt.slice(2, 5)).toEqual([1, 1, 0]);
    // The run's end stopped the shell left running, and said so.
    expect(sleepersAt.at(-1)).toBe(1); // running when the model was last asked
    expect(result.stderr).toContain(
      `Stopped 1 background shell still running: bash_2 (${sleeper.slice(0, 79)}…)`,
    );
    expect(processesWith(tag)).toEqual([]);
    expect(processesWith(`http.server ${port}`)).toEqual([]);
  });

  it("a background command the permission check refuses never starts", async () => {
    const marker = path.join(home.workDir, "started.txt");
    server.push(
      ...calls(
        { name: "bash", arguments: { command: `touch ${marker}; sleep 300`, run_in_background: true } },
        { name: "bash_output", arguments: { id: "bash_1" } },
      ),
    );
    const env = sandboxed ? sandboxEnv(home, server) : { ...openaiEnv(home, server), AGENIX_SANDBOX: "off" };
    const result = await runIn(home, ["-p", "--deny", "bash(touch *)", "go"], env);
    expect(result.code, result.stderr).toBe(0);
    const results = toolResultsOnWire(server);
    expect(results[0]).toContain("denied by the rule bash(touch *)");
    expect(results[1]).toContain('No background shell "bash_1" in this session. None has been started.');
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).not.toContain("background shell still running");
  });
});

describe("background shells, signals", () => {
  it("SIGTERM while the model thinks stops the run and the shell left running, with the notice", async () => {
    const tag = `agenix-e2e-bg-term-${process.pid}`;
    const sleeper = `python3 -c 'import time; time.sleep(300)' ${tag}`;
    // The second request never gets an answer: agenix is waiting on the model when the signal comes.
    server.push(
      {
        text: "",
        toolCalls: [{ id: "call_1", name: "bash", arguments: { command: sleeper, run_in_background: true } }],
      },
      { fault: "hang" },
    );
    const run = startAgenix(["-p", "--permission-mode", "yolo", "go"], {
      cwd: home.workDir,
      env: { ...openaiEnv(home, server), AGENIX_SANDBOX: "off" },
    });
    await run.waitForStderr("Started bash_1");
    await waitUntil(() => server.requests.length === 2, "the second request is waiting");
    // The launcher may be between two execs (pyenv: shim, pyenv, python) at any instant: wait for it.
    await waitUntil(() => processesWith(tag).length > 0, "the background shell is running");
    run.child.kill("SIGTERM");
    const { code } = await run.exit;
    expect(code).toBe(143);
    expect(run.stderr()).toContain(`Stopped 1 background shell still running: bash_1 (${sleeper})`);
    expect(processesWith(tag)).toEqual([]);
  });
});

describe("background shells, limits", () => {
  it("bash_output of a flood says how much older output was dropped; the result stays bounded", async () => {
    server.push(
      ...calls(
        {
          name: "bash",
          arguments: {
            command: "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo flood-end; touch flood-done",
            run_in_background: true,
          },
        },
        // The model waits until the flood has been written, as a model would: by looking again.
        { name: "bash", arguments: { command: "until [ -e flood-done ]; do sleep 0.05; done" } },
        { name: "bash_output", arguments: { id: "bash_1" } },
      ),
    );
    const env = { ...openaiEnv(home, server), AGENIX_SANDBOX: "off" };
    const result = await runIn(home, ["-p", "--permission-mode", "yolo", "go"], env);
    expect(result.code, result.stderr).toBe(0);
    const read = toolResultsOnWire(server)[2]!;
    expect(read).toMatch(/\[\d+ bytes of older output were dropped: a shell keeps at most 1 MB unread\]/);
    expect(read.length).toBeLessThan(32_000);
  });
});
