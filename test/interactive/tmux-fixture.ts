// The one setup of every tmux test (files named `*.tmux.test.ts`, see docs/testing.md): a temp HOME,
// the scripted LLM server with the provider's base URL and key in that HOME's environment, and the
// real binary in a tmux pane. `tmuxFixture()` at the top of a test file checks the build once and,
// after each test, kills the pane, closes the server and removes the HOME.
//
//   const tmux = tmuxFixture();
//   it("...", async () => {
//     const { home, server } = await tmux.setup([{ text: "hi" }]);
//     const pane = tmux.open({ args: ["--yolo"] });
//     await pane.waitFor("/help for commands");
//   });
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll } from "vitest";
import { assertFreshBuild, makeTempHome, type TempHome } from "../support/cli.js";
import {
  type LlmServer,
  type LlmServerOptions,
  type ScriptedReply,
  startLlmServer,
} from "../support/llm-server.js";
import { startAgenixInTmux, type TmuxPane, waitUntil } from "./tmux.js";

export interface TmuxSetup {
  /** Which API the server answers for: its base URL and a key go into the HOME's environment. */
  api?: "openai" | "anthropic";
  server?: LlmServerOptions;
}

export interface OpenOptions {
  args?: string[];
  /** Default: the HOME's project folder. */
  cwd?: string;
  width?: number;
  height?: number;
}

export interface TmuxFixture {
  readonly home: TempHome;
  readonly server: LlmServer;
  /** The pane last opened (every pane opened is killed after the test). */
  readonly pane: TmuxPane | undefined;
  /** A fresh HOME and a server answering with `replies`, its URL and a key in `home.env`. */
  setup(replies?: ScriptedReply[], options?: TmuxSetup): Promise<{ home: TempHome; server: LlmServer }>;
  /** agenix in a new tmux pane (its own tmux server) in the HOME. */
  open(options?: OpenOptions): TmuxPane;
  /** The session files under the HOME (dot files such as a listing index are not sessions). */
  sessionFiles(): string[];
  /** A session file's content by id (as JSON: tests read any field of it). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the stored JSON
  readSession(id: string): any;
}

export function tmuxFixture(): TmuxFixture {
  let home: TempHome | undefined;
  let server: LlmServer | undefined;
  let panes: TmuxPane[] = [];
  beforeAll(() => assertFreshBuild());
  afterEach(async () => {
    // Let agenix finish saving (SIGHUP when tmux goes) before the temp HOME is removed under it.
    const pids = panes.flatMap((pane) => {
      try {
        return [pane.pid()];
      } catch {
        return [];
      }
    });
    for (const pane of panes) pane.kill();
    panes = [];
    for (const pid of pids) await waitUntil(() => !alive(pid), `agenix (pid ${pid}) exited`, 10_000);
    await server?.close();
    server = undefined;
    await home?.cleanup();
    home = undefined;
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`tmux fixture: call setup() before using ${what}`);
    return value;
  };
  const fixture: TmuxFixture = {
    get home() {
      return need(home, "home");
    },
    get server() {
      return need(server, "server");
    },
    get pane() {
      return panes.at(-1);
    },
    async setup(replies = [], options = {}) {
      server = await startLlmServer(replies, options.server);
      home = await makeTempHome();
      if (options.api === "anthropic") {
        home.env.ANTHROPIC_BASE_URL = server.url;
        home.env.ANTHROPIC_API_KEY = "sk-ant-test";
      } else {
        home.env.OPENAI_BASE_URL = server.openaiBaseUrl;
        home.env.OPENAI_API_KEY = "sk-test-not-a-real-key";
      }
      return { home, server };
    },
    open(options = {}) {
      const h = need(home, "open()");
      const pane = startAgenixInTmux({
        env: h.env,
        cwd: options.cwd ?? h.workDir,
        home: h.home,
        args: options.args,
        width: options.width,
        height: options.height,
      });
      panes.push(pane);
      return pane;
    },
    sessionFiles() {
      const dir = need(home, "sessionFiles()").sessionDir;
      if (!existsSync(dir)) return [];
      const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
      return folders.flatMap((folder) =>
        readdirSync(path.join(dir, folder.name))
          .filter((f) => f.endsWith(".json") && !f.startsWith("."))
          .map((f) => path.join(dir, folder.name, f)),
      );
    },
    readSession(id) {
      const file = fixture.sessionFiles().find((f) => path.basename(f) === `${id}.json`);
      if (!file) throw new Error(`no file for session ${id}`);
      return JSON.parse(readFileSync(file, "utf8"));
    },
  };
  return fixture;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The answer is on screen and the turn is over (the status line no longer offers Esc). */
export const idleWith = (text: string) => (screen: string) =>
  screen.includes(text) && !screen.trimEnd().split("\n").at(-1)!.includes("Esc to interrupt");
