// /ps: one line per background shell (id, state with the exit status, running time, command), the
// command made safe for the terminal; a clear line when there are none.
import { describe, expect, it } from "vitest";
import { formatDuration, psCommand } from "../../src/cli/interactive/ps-command.js";
import type { ChatSession } from "../../src/cli/interactive/types.js";
import type { ShellInfo } from "../../src/tools/background-shells.js";

const base = { killed: false, sandboxed: false, startedAt: 1_000_000 };

function withShells(shells: ShellInfo[]): ChatSession {
  return { backgroundShells: { list: () => shells } } as unknown as ChatSession;
}

describe("/ps", () => {
  it("lists each shell's id, state, running time and command", () => {
    const shells: ShellInfo[] = [
      { ...base, id: "bash_1", command: "python3 -m http.server 8000", running: true },
      { ...base, id: "bash_2", command: "npm run build", running: false, exitCode: 0, endedAt: 1_065_000 },
      {
        ...base,
        id: "bash_10",
        command: "make\twatch \u001b[31mred",
        running: false,
        killed: true,
        exitCode: null,
        signal: "SIGTERM",
        endedAt: 1_003_000,
      },
      {
        ...base,
        id: "bash_11",
        command: "./crash",
        running: false,
        exitCode: null,
        signal: "SIGSEGV",
        endedAt: 1_001_000,
      },
    ];
    const { output } = psCommand(withShells(shells), 1_000_000 + 3_725_000);
    expect(output).toBe(
      [
        "Background shells (1 running; they stop when the session ends):",
        "  bash_1   running           1h02m  python3 -m http.server 8000",
        "  bash_2   exit 0            1m05s  npm run build",
        "  bash_10  killed               3s  make watch red",
        "  bash_11  ended by SIGSEGV     1s  ./crash",
      ].join("\n"),
    );
  });

  it("says when there are none", () => {
    expect(psCommand(withShells([])).output).toBe(
      "No background shells. The model starts one with bash run_in_background.",
    );
    expect(psCommand({} as ChatSession).output).toContain("No background shells.");
  });

  it("formats durations", () => {
    expect([0, 59_999, 60_000, 3_599_000, 3_600_000].map(formatDuration)).toEqual([
      "0s",
      "59s",
      "1m00s",
      "59m59s",
      "1h00m",
    ]);
  });
});
