// /undo and /redo in the real binary in tmux: a bash turn deletes src/, creates new.txt and chmods
// tool.sh; /undo puts every file back and lists them, /redo takes the undo back.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

describe("/undo and /redo in tmux", () => {
  it("undoes a bash turn (files back, listed), asks before overwriting the editor's change, and redoes", async () => {
    ({ home } = await tmux.setup([
      {
        toolCalls: [
          { name: "bash", arguments: { command: "rm -rf src && echo x > new.txt && chmod +x tool.sh" } },
        ],
      },
      { text: "All cleaned up." },
    ]));
    const dir = home.workDir;
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "src/app.ts"), "console.log('app');\n");
    writeFileSync(path.join(dir, "src/data.bin"), Buffer.from([0, 1, 2, 3, 255]));
    writeFileSync(path.join(dir, "tool.sh"), "echo tool\n");
    chmodSync(path.join(dir, "tool.sh"), 0o644);

    tmux.open({ cwd: dir, args: ["--yolo"] });
    await tmux.pane!.waitFor("/help for commands");
    tmux.pane!.type("clean up the project");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("All cleaned up.");
    expect(existsSync(path.join(dir, "src"))).toBe(false);

    // The user's editor touches new.txt after the turn: /undo lists it and changes nothing.
    writeFileSync(path.join(dir, "new.txt"), "my notes\n");
    tmux.pane!.type("/undo");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("/undo --force");
    expect(tmux.pane!.screen()).toContain("new.txt");
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    expect(readFileSync(path.join(dir, "new.txt"), "utf8")).toBe("my notes\n");

    tmux.pane!.type("/undo --force");
    tmux.pane!.keys("Enter");
    const undone = await tmux.pane!.waitFor("/redo takes it back");
    expect(undone).toMatch(/removed\s+new\.txt/);
    expect(undone).toMatch(/recreated\s+src\/app\.ts/);
    expect(undone).toMatch(/restored\s+tool\.sh/);
    expect(readFileSync(path.join(dir, "src/app.ts"), "utf8")).toBe("console.log('app');\n");
    expect(readFileSync(path.join(dir, "src/data.bin")).equals(Buffer.from([0, 1, 2, 3, 255]))).toBe(true);
    expect(existsSync(path.join(dir, "new.txt"))).toBe(false);
    expect(statSync(path.join(dir, "tool.sh")).mode & 0o111).toBe(0);

    tmux.pane!.type("/redo");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("/undo takes it back");
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    expect(readFileSync(path.join(dir, "new.txt"), "utf8")).toBe("my notes\n");
    expect(statSync(path.join(dir, "tool.sh")).mode & 0o111).not.toBe(0);

    tmux.pane!.type("/undo");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor((screen) => screen.split("/redo takes it back").length === 3);
    expect(existsSync(path.join(dir, "src/app.ts"))).toBe(true);
    tmux.pane!.type("/undo");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("Nothing further to undo");

    // /rewind, files only: back to the turn's result is a /redo; here rewind to before message #0
    // after redoing, and the conversation stays where it is.
    tmux.pane!.type("/redo");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor((screen) => screen.split("/undo takes it back").length === 3);
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    tmux.pane!.type("/rewind");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("❯ #0 clean up the project");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("❯ Conversation and files");
    tmux.pane!.keys("Down");
    await tmux.pane!.waitFor("❯ Files only");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("Files as before message #0");
    expect(readFileSync(path.join(dir, "src/app.ts"), "utf8")).toBe("console.log('app');\n");
    expect(existsSync(path.join(dir, "new.txt"))).toBe(false);
    expect(tmux.pane!.screen()).not.toContain("Rewound: continuing in");

    // A !command is snapshotted too: /undo takes its file away.
    tmux.pane!.type("!echo mine > bang.txt");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("output added as context");
    expect(existsSync(path.join(dir, "bang.txt"))).toBe(true);
    tmux.pane!.type("/undo");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor(/removed\s+bang\.txt/);
    expect(existsSync(path.join(dir, "bang.txt"))).toBe(false);
  });
});
