// /undo and /redo in the real binary in tmux: a bash turn deletes src/, creates new.txt and chmods
// tool.sh; /undo asks before overwriting a file the user's editor changed (default no), then puts
// every file back and lists them, /redo takes the undo back.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

/** The scripted server with one bash turn running `command`, a temp HOME, and src/app.ts; the project folder. */
async function projectWithTurn(command: string, answer: string): Promise<string> {
  ({ home } = await tmux.setup([
    { toolCalls: [{ name: "bash", arguments: { command } }] },
    { text: answer },
  ]));
  mkdirSync(path.join(home.workDir, "src"));
  writeFileSync(path.join(home.workDir, "src/app.ts"), "console.log('app');\n");
  return home.workDir;
}

describe("/undo and /redo in tmux", () => {
  it("undoes a bash turn (files back, listed), asks before overwriting the editor's change, and redoes", async () => {
    const dir = await projectWithTurn(
      "rm -rf src && echo x > new.txt && chmod +x tool.sh",
      "All cleaned up.",
    );
    writeFileSync(path.join(dir, "src/data.bin"), Buffer.from([0, 1, 2, 3, 255]));
    writeFileSync(path.join(dir, "tool.sh"), "echo tool\n");
    chmodSync(path.join(dir, "tool.sh"), 0o644);

    const pane = tmux.open({ cwd: dir, args: ["--yolo"] });
    await pane.waitFor("/help for commands");
    pane.type("clean up the project");
    pane.keys("Enter");
    await pane.waitFor("All cleaned up.");
    expect(existsSync(path.join(dir, "src"))).toBe(false);

    // The user's editor touches new.txt after the turn: /undo lists it in a yes/no box; Enter is no.
    writeFileSync(path.join(dir, "new.txt"), "my notes\n");
    pane.type("/undo");
    pane.keys("Enter");
    const box = await pane.waitFor("n/Enter/Esc: No, change nothing");
    expect(box).toMatch(/\/undo would overwrite a file changed since agenix last saw it[\s\S]*new\.txt/);
    expect(box).not.toMatch(/src\/app\.ts/); // only the file changed outside agenix is listed
    pane.keys("Enter");
    await pane.waitFor("/undo: nothing was changed (you kept your edits).");
    expect(pane.screen()).not.toContain("n/Enter/Esc");
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    expect(readFileSync(path.join(dir, "new.txt"), "utf8")).toBe("my notes\n");

    // Asked again, y overwrites it.
    pane.type("/undo");
    pane.keys("Enter");
    await pane.waitFor("n/Enter/Esc: No, change nothing");
    pane.type("y");
    const undone = await pane.waitFor("/redo takes it back");
    expect(undone).toMatch(/removed\s+new\.txt/);
    expect(undone).toMatch(/recreated\s+src\/app\.ts/);
    expect(undone).toMatch(/restored\s+tool\.sh/);
    expect(readFileSync(path.join(dir, "src/app.ts"), "utf8")).toBe("console.log('app');\n");
    expect(readFileSync(path.join(dir, "src/data.bin")).equals(Buffer.from([0, 1, 2, 3, 255]))).toBe(true);
    expect(existsSync(path.join(dir, "new.txt"))).toBe(false);
    expect(statSync(path.join(dir, "tool.sh")).mode & 0o111).toBe(0);

    pane.type("/redo");
    pane.keys("Enter");
    await pane.waitFor("/undo takes it back");
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    expect(readFileSync(path.join(dir, "new.txt"), "utf8")).toBe("my notes\n");
    expect(statSync(path.join(dir, "tool.sh")).mode & 0o111).not.toBe(0);

    pane.type("/undo");
    pane.keys("Enter");
    await pane.waitFor((screen) => screen.split("/redo takes it back").length === 3);
    expect(existsSync(path.join(dir, "src/app.ts"))).toBe(true);
    pane.type("/undo");
    pane.keys("Enter");
    await pane.waitFor("Nothing further to undo");

    // /rewind, files only: back to the turn's result is a /redo; here rewind to before message #0
    // after redoing, and the conversation stays where it is.
    pane.type("/redo");
    pane.keys("Enter");
    await pane.waitFor((screen) => screen.split("/undo takes it back").length === 3);
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    pane.type("/rewind");
    pane.keys("Enter");
    await pane.waitFor("❯ #0 clean up the project");
    pane.keys("Enter");
    await pane.waitFor("❯ Conversation and files");
    pane.keys("Down");
    await pane.waitFor("❯ Files only");
    pane.keys("Enter");
    await pane.waitFor("Files as before message #0");
    expect(readFileSync(path.join(dir, "src/app.ts"), "utf8")).toBe("console.log('app');\n");
    expect(existsSync(path.join(dir, "new.txt"))).toBe(false);
    expect(pane.screen()).not.toContain("Rewound: continuing in");

    // A !command is snapshotted too: /undo takes its file away.
    pane.type("!echo mine > bang.txt");
    pane.keys("Enter");
    await pane.waitFor("output added as context");
    expect(existsSync(path.join(dir, "bang.txt"))).toBe(true);
    pane.type("/undo");
    pane.keys("Enter");
    await pane.waitFor(/removed\s+bang\.txt/);
    expect(existsSync(path.join(dir, "bang.txt"))).toBe(false);
  });

  it("agenix checkpoints restore on a terminal lists the editor's change and asks [y/N]: no changes nothing, y restores", async () => {
    const dir = await projectWithTurn("rm -rf src && echo x > new.txt", "Done.");
    const turn = await runAgenix(["--yolo", "clean up"], { cwd: dir, env: home.env });
    expect(turn.code, turn.stderr).toBe(0);
    const list = await runAgenix(["checkpoints", "list", "--json"], { cwd: dir, env: home.env });
    const before = (JSON.parse(list.stdout) as { id: string; trigger: string }[]).find(
      (c) => c.trigger === "turn",
    )!;
    writeFileSync(path.join(dir, "new.txt"), "my notes\n");

    let pane = tmux.open({ cwd: dir, args: ["checkpoints", "restore", before.id] });
    const asked = await pane.waitFor("Overwrite them? [y/N]");
    expect(asked).toMatch(/Restoring would overwrite a file changed since agenix last saw it[\s\S]*new\.txt/);
    pane.keys("Enter");
    await pane.waitForExit();
    expect(pane.screen()).toContain("Nothing was changed.");
    expect(pane.exitStatus()).toBe(1);
    expect(readFileSync(path.join(dir, "new.txt"), "utf8")).toBe("my notes\n");
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    pane.kill();

    pane = tmux.open({ cwd: dir, args: ["checkpoints", "restore", before.id] });
    await pane.waitFor("Overwrite them? [y/N]");
    pane.type("y");
    pane.keys("Enter");
    await pane.waitForExit();
    expect(pane.screen()).toMatch(/removed\s+new\.txt/);
    expect(pane.exitStatus()).toBe(0);
    expect(existsSync(path.join(dir, "new.txt"))).toBe(false);
    expect(readFileSync(path.join(dir, "src/app.ts"), "utf8")).toBe("console.log('app');\n");
  });
});
