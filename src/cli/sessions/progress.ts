// A progress bar on stderr for long jobs (first index build, importing a folder); only on a terminal.

export interface Progress {
  update: (done: number, total: number) => void;
  done: () => void;
}

const WIDTH = 30;
const MIN_TOTAL = 20;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  let shown = false;
  let last = -1;
  return {
    update(done, total) {
      if (!stream.isTTY || total < MIN_TOTAL) return;
      const percent = Math.floor((done / total) * 100);
      if (percent === last && done !== total) return;
      last = percent;
      const filled = Math.round((done / total) * WIDTH);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${percent}% ${done}/${total}`,
      );
      shown = true;
    },
    done() {
      if (shown) stream.write("\n");
      shown = false;
    },
  };
}
