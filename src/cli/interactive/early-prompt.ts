// The first frame before the terminal UI is loaded. Loading Ink, React and yoga takes most of a
// start; meanwhile this prints the header and a `> ` prompt in plain escape codes and echoes what
// the user types. When the UI is ready the lines are erased and the typed bytes are put back into
// stdin, so the UI reads them as keys typed in one burst (Enter, Tab and Ctrl-U keep working).
// No Ink, no React: this module must stay cheap to load. It prints through the output module:
// the header's data (model, working directory) is sanitised like every other line.
import { writeOut, writeOutColored, writeTerminalControl } from "../output.js";

export interface EarlyPrompt {
  /** Erases the early lines, stops reading and returns what was typed to stdin for the UI. */
  handOff(): void;
  /** Like handOff, but the UI will not start (an error): restores the terminal. */
  abandon(): void;
}

const DIM = (s: string) => `\u001b[2m${s}\u001b[22m`;
const BOLD_CYAN = (s: string) => `\u001b[1;36m${s}\u001b[22;39m`;

export function startEarlyPrompt(header: {
  version: string;
  model: string;
  workingDir: string;
}): EarlyPrompt | undefined {
  const { stdin, stdout } = process;
  if (!stdin.isTTY || !stdout.isTTY || typeof stdin.setRawMode !== "function") return undefined;
  const typed: Buffer[] = [];
  let echoed = "";
  const lines = [
    `${BOLD_CYAN("agenix")}${DIM(` v${header.version}`)} · ${header.model}`,
    DIM(`${header.workingDir} · new session · /help for commands`),
    "",
  ];
  writeOutColored(`${lines.join("\n")}\n${BOLD_CYAN(">")} `);
  const onData = (data: Buffer) => {
    typed.push(Buffer.from(data));
    // Echo printable text only; anything else waits for the UI, which replays every byte.
    const text = data.toString("utf8");
    if (/^[^\u0000-\u001f\u007f]+$/.test(text)) {
      echoed += text;
      writeOut(text);
    }
  };
  // 'readable' rather than 'data': taking the listener off later leaves the stream reading and
  // buffering, which is the state Ink expects when it adds its own 'readable' listener (after
  // pause() the stream never starts reading again and the process would just exit).
  const onReadable = () => {
    let chunk: Buffer | null;
    // biome-ignore lint/suspicious/noAssignInExpressions: the stream read loop
    while ((chunk = stdin.read() as Buffer | null) !== null) onData(chunk);
  };
  stdin.setRawMode(true);
  stdin.on("readable", onReadable);
  let done = false;
  const stop = () => {
    if (done) return false;
    done = true;
    stdin.off("readable", onReadable);
    const columns = stdout.columns || 80;
    const rows = lines.length + Math.floor((2 + echoed.length) / columns);
    writeTerminalControl(`\r\u001b[${rows}A\u001b[J`);
    return true;
  };
  return {
    handOff() {
      if (!stop()) return;
      if (typed.length > 0) stdin.unshift(Buffer.concat(typed));
    },
    abandon() {
      if (!stop()) return;
      stdin.setRawMode(false);
      stdin.pause(); // stop reading, so the process can exit
    },
  };
}
