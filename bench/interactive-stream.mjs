// Interactive streaming: the time to stream a long answer (540 KB by default, BENCH_STREAM_KB)
// into the terminal UI in a tmux pane, until its last line is on screen. Baseline: the same answer
// streamed by print mode into a pane of the same size in the same run. Before finished blocks went to
// <Static> (issue 8), every delta redrew the whole answer: 540 KB took 22 s against 3 s in print mode.
// Target: interactive within 3x of print mode.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startLlmServer } from "../test/support/llm-server.ts";

const bin = path.join(import.meta.dirname, "../dist/bin/agenix.js");
const kb = Number(process.env.BENCH_STREAM_KB ?? 540);
const paragraph = `${"Some words of an answer that goes on and on, with `code` and **bold** text. ".repeat(4)}\n\n`;
let answer = "";
while (answer.length < kb * 1024) answer += paragraph;
answer += "END-OF-ANSWER\n";

const home = mkdtempSync(path.join(tmpdir(), "agenix-bench-stream-"));
const work = path.join(home, "project");
mkdirSync(work);
const server = await startLlmServer();
const env = {
  PATH: process.env.PATH,
  HOME: home,
  AGENIX_SESSION_DIR: path.join(home, "sessions"),
  OPENAI_API_KEY: "sk-bench-not-a-key",
  OPENAI_BASE_URL: server.openaiBaseUrl,
  TERM: "xterm-256color",
  LANG: "C.UTF-8",
};
let socket = "";
let runs = 0;
const tmux = (...args) => execFileSync("tmux", ["-L", socket, ...args], { env, encoding: "utf8" });
const screen = () => tmux("capture-pane", "-p");
const until = async (text) => {
  while (!screen().includes(text)) await new Promise((resolve) => setTimeout(resolve, 50));
};
// A fresh tmux server per run: reusing a socket right after kill-server can fail ("server exited").
const pane = (command) => {
  socket = `agenix-bench-stream-${process.pid}-${++runs}`;
  tmux("new-session", "-d", "-x", "100", "-y", "40", "-c", work, command);
};

try {
  server.push({ text: answer });
  pane(`${process.execPath} ${bin}`);
  await until("/help for commands");
  tmux("send-keys", "stream please", "Enter");
  let started = performance.now();
  await until("END-OF-ANSWER");
  const interactive = (performance.now() - started) / 1000;
  tmux("kill-server");

  server.push({ text: answer });
  started = performance.now();
  pane(`${process.execPath} ${bin} 'stream please'; echo PRINT-DONE; sleep 600`);
  await until("PRINT-DONE");
  const print = (performance.now() - started) / 1000;
  tmux("kill-server");

  const ratio = interactive / print;
  console.log(
    `interactive-stream: ${kb} KB answer in ${interactive.toFixed(1)} s interactive vs ${print.toFixed(1)} s print mode ` +
      `(x${ratio.toFixed(2)}; target <= 3x) ${ratio <= 3 ? "✓" : "✗"}`,
  );
} finally {
  await server.close();
  rmSync(home, { recursive: true, force: true });
}
