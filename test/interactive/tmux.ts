// Drives the real `agenix` binary inside a detached tmux session on a private socket (never the
// user's tmux server): type with send-keys, read the screen with capture-pane, poll with a deadline.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { binPath } from "../support/cli.js";

export { waitUntil } from "../support/wait-until.js";

export interface TmuxPane {
  screen(): string;
  /** The screen as the terminal shows it: soft-wrapped lines stay split (screen() joins them). */
  rawScreen(): string;
  /** The screen with its SGR escape sequences (colours, bold, strikethrough), lines joined. */
  styledScreen(): string;
  /** Polls the screen until `test` passes; fails with the last screen after the deadline. */
  waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Polls until the agenix process has exited (the pane stays, with its last screen). */
  waitForExit(timeoutMs?: number): Promise<string>;
  /** The agenix process id (the pane runs it directly). */
  pid(): number;
  /** The exit status of the agenix process, once it has exited. */
  exitStatus(): number;
  type(text: string): void;
  keys(...keys: string[]): void;
  kill(): void;
}

export function startAgenixInTmux(options: {
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  args?: string[];
  width?: number;
  height?: number;
}): TmuxPane {
  const socket = `agenix-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // remain-on-exit keeps the last screen (the resume line) readable after agenix exits.
  const conf = path.join(options.home, "tmux.conf");
  writeFileSync(conf, "set -g remain-on-exit on\nset -g history-limit 5000\n");
  const tmux = (...args: string[]) =>
    execFileSync("tmux", ["-L", socket, "-f", conf, ...args], { env: options.env, encoding: "utf8" });
  const command = [process.execPath, binPath, ...(options.args ?? [])].map((a) => `'${a}'`).join(" ");
  tmux(
    "new-session",
    "-d",
    "-s",
    "agenix",
    "-x",
    String(options.width ?? 100),
    "-y",
    String(options.height ?? 40),
    "-c",
    options.cwd,
    command,
  );
  const screen = () => tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "agenix");
  return {
    screen,
    rawScreen: () => tmux("capture-pane", "-p", "-S", "-200", "-t", "agenix"),
    styledScreen: () => tmux("capture-pane", "-p", "-e", "-J", "-S", "-200", "-t", "agenix"),
    async waitFor(test, timeoutMs = 15_000) {
      const ok =
        typeof test === "string"
          ? (s: string) => s.includes(test)
          : test instanceof RegExp
            ? (s: string) => test.test(s)
            : test;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = screen();
        if (ok(current)) return current;
        if (Date.now() > deadline)
          throw new Error(`Timed out waiting for ${String(test)}; screen:\n${current}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async waitForExit(timeoutMs = 15_000) {
      // tmux marks the pane dead when the terminal closes, and records the exit status only once it
      // has reaped the process, which can lag (the process sits as a zombie): exitStatus() reads the
      // zombie's own exit code from /proc meanwhile.
      const dead = () => tmux("display-message", "-p", "-t", "agenix", "#{pane_dead}").trim() === "1";
      const deadline = Date.now() + timeoutMs;
      while (!dead()) {
        if (Date.now() > deadline) throw new Error(`agenix did not exit; screen:\n${screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return screen();
    },
    pid() {
      return Number(tmux("display-message", "-p", "-t", "agenix", "#{pane_pid}").trim());
    },
    exitStatus() {
      const [status, signal, pid] = tmux(
        "display-message",
        "-p",
        "-t",
        "agenix",
        "#{pane_dead_status}|#{pane_dead_signal}|#{pane_pid}",
      )
        .trim()
        .split("|");
      if (status) return Number(status);
      if (signal) return 128 + Number(signal);
      return zombieExitStatus(Number(pid));
    },
    type(text) {
      tmux("send-keys", "-t", "agenix", "-l", text);
    },
    keys(...keys) {
      tmux("send-keys", "-t", "agenix", ...keys);
    },
    kill() {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
    },
  };
}

/** The exit status of an exited, not yet reaped process (Linux: the last field of /proc/PID/stat). */
function zombieExitStatus(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat
    .slice(stat.lastIndexOf(")") + 2)
    .trim()
    .split(/\s+/);
  if (fields[0] !== "Z") throw new Error(`process ${pid} has not exited (state ${fields[0]})`);
  const wait = Number(fields.at(-1));
  return wait & 0x7f ? 128 + (wait & 0x7f) : wait >> 8;
}
