// Interactive startup: time from spawning `agenix` (no message, in a tmux pane = a real terminal)
// until a typed key is accepted, i.e. the prompt shows `> x`. The key is sent at spawn time; the
// terminal buffers it until Ink reads stdin, so this is "when can the user start typing".
// Baseline: `node -e 0` spawned to exit in the same run.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { medianOf, reps, timeProcess } from "./lib/measure.mjs";

const bin = path.join(import.meta.dirname, "../dist/bin/agenix.js");
const home = mkdtempSync(path.join(tmpdir(), "agenix-bench-tui-"));
const work = path.join(home, "project");
mkdirSync(work);
const conf = path.join(home, "tmux.conf");
writeFileSync(conf, "set -g remain-on-exit on\n");
const socket = `agenix-bench-${process.pid}`;
const env = {
  PATH: process.env.PATH,
  HOME: home,
  AGENIX_SESSION_DIR: path.join(home, "sessions"),
  OPENAI_API_KEY: "sk-bench-not-a-key",
  LANG: "C.UTF-8",
};
const tmux = (...args) =>
  execFileSync("tmux", ["-L", socket, "-f", conf, ...args], { env, encoding: "utf8" });

async function timeToFirstKey() {
  const start = performance.now();
  tmux("new-session", "-d", "-s", "b", "-x", "100", "-y", "30", "-c", work, `'${process.execPath}' '${bin}'`);
  tmux("send-keys", "-t", "b", "-l", "x");
  const deadline = start + 20_000;
  try {
    for (;;) {
      if (/^> x/m.test(tmux("capture-pane", "-p", "-t", "b"))) return performance.now() - start;
      if (performance.now() > deadline)
        throw new Error(`no prompt after 20 s:\n${tmux("capture-pane", "-p", "-t", "b")}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    tmux("kill-server");
  }
}

try {
  const n = reps(5);
  const baseline = await medianOf(n, async () => (await timeProcess(process.execPath, ["-e", "0"])).ms);
  const ms = await medianOf(n, timeToFirstKey);
  console.log(`startup-interactive: ${Math.round(ms)} ms (ratio ${(ms / baseline).toFixed(2)} vs node -e 0)`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
