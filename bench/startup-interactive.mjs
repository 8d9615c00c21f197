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
// A fresh tmux server per run: reusing a socket right after kill-server can fail ("server exited").
let runs = 0;
let socket = `agenix-bench-${process.pid}-0`;
const env = {
  PATH: process.env.PATH,
  HOME: home,
  AGENIX_SESSION_DIR: path.join(home, "sessions"),
  OPENAI_API_KEY: "sk-bench-not-a-key",
  LANG: "C.UTF-8",
};
const tmux = (...args) =>
  execFileSync("tmux", ["-L", socket, "-f", conf, ...args], { env, encoding: "utf8" });

// The floor for any Node terminal program measured the same way: a bare raw-mode prompt that echoes
// the key (tmux start, node start, the pane's redraw and the capture polling are all in both).
const ECHO_PROMPT = path.join(home, "echo-prompt.cjs");
writeFileSync(
  ECHO_PROMPT,
  'process.stdin.setRawMode(true);process.stdout.write("\\r\\n> ");process.stdin.on("data",(d)=>{process.stdout.write(String(d));});\n',
);

async function timeToFirstKey(script = bin, ready = /^> x/m) {
  socket = `agenix-bench-${process.pid}-${++runs}`;
  const start = performance.now();
  tmux(
    "new-session",
    "-d",
    "-s",
    "b",
    "-x",
    "100",
    "-y",
    "30",
    "-c",
    work,
    `'${process.execPath}' '${script}'`,
  );
  tmux("send-keys", "-t", "b", "-l", "x");
  const deadline = start + 20_000;
  try {
    for (;;) {
      if (ready.test(tmux("capture-pane", "-p", "-t", "b"))) return performance.now() - start;
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
  const ms = await medianOf(n, () => timeToFirstKey());
  const floor = await medianOf(n, () => timeToFirstKey(ECHO_PROMPT));
  // The whole UI (Ink's status line under the prompt, the typed key replayed into it), for honesty:
  // the early prompt takes keys first, the full UI follows.
  const full = await medianOf(n, () => timeToFirstKey(bin, /^> x[\s\S]*tokens · /m));
  const ratio = ms / baseline;
  console.log(
    `startup-interactive: ${Math.round(ms)} ms (ratio ${ratio.toFixed(2)} vs node -e 0 at ${Math.round(baseline)} ms) target <= 4 ${ratio <= 4 ? "✓" : "✗"}`,
  );
  console.log(
    `startup-interactive.full_ui: ${Math.round(full)} ms (ratio ${(full / baseline).toFixed(2)} vs node -e 0) [info: the Ink UI with the key replayed]`,
  );
  console.log(
    `startup-interactive.vs_bare_prompt: ${Math.round(ms)} ms (ratio ${(ms / floor).toFixed(2)} vs a bare node raw-mode prompt in the same tmux harness at ${Math.round(floor)} ms) [info]`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
