// Checkpoints end to end: the built binary against the scripted server, a bash turn that deletes,
// creates and chmods, then `agenix checkpoints restore` in print mode; the project's own git state.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSession, SessionManager } from "../../src/sdk.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const BINARY = Buffer.from([0, 159, 146, 150, 255, 0, 10, 13, 10]);
const DESTROY = "rm -rf src && echo x > new.txt && chmod +x tool.sh";

/** A project with the awkward cases: binary, empty, symlink, names with spaces and a newline. */
function seedProject(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>([
    ["src/main.ts", Buffer.from("export const main = () => 42;\n")],
    ["src/img/logo.bin", BINARY],
    ["src/empty.txt", Buffer.alloc(0)],
    ["src/with space.md", Buffer.from("spaced\n")],
    ["src/new\nline.txt", Buffer.from("newline in the name\n")],
  ]);
  for (const [file, bytes] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  symlinkSync("main.ts", path.join(dir, "src/link.ts"));
  writeFileSync(path.join(dir, "tool.sh"), "#!/bin/sh\necho tool\n");
  chmodSync(path.join(dir, "tool.sh"), 0o644);
  return files;
}

function expectSeeded(dir: string, files: Map<string, Buffer>): void {
  for (const [file, bytes] of files) expect(readFileSync(path.join(dir, file)).equals(bytes)).toBe(true);
  expect(readlinkSync(path.join(dir, "src/link.ts"))).toBe("main.ts");
  expect(existsSync(path.join(dir, "new.txt"))).toBe(false);
  expect(statSync(path.join(dir, "tool.sh")).mode & 0o777).toBe(0o644);
}

async function destructiveTurn(extraArgs: string[] = []) {
  server.push({ toolCalls: [{ name: "bash", arguments: { command: DESTROY } }] }, { text: "Cleaned up." });
  const run = await runAgenix(["--yolo", ...extraArgs, "clean up"], {
    cwd: home.workDir,
    env: openaiEnv(home, server),
  });
  expect(run.code, run.stderr).toBe(0);
  expect(existsSync(path.join(home.workDir, "src"))).toBe(false);
  return run;
}

async function agenix(...args: string[]) {
  return runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });
}

async function listed(): Promise<
  { id: string; session_id: string; message_index: number; files_changed: number; trigger: string }[]
> {
  const run = await agenix("checkpoints", "list", "--json");
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe("checkpoints through the binary", () => {
  it("restores a bash turn's damage byte for byte and leaves the project's git state as it was", async () => {
    // GIT_OPTIONAL_LOCKS=0: the test's own `git status` must not refresh (rewrite) the index it compares.
    const env = { ...process.env, GIT_OPTIONAL_LOCKS: "0" };
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: home.workDir, encoding: "utf8", env });
    const files = seedProject(home.workDir);
    git("init", "-q");
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", "src/main.ts");
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "first");
    writeFileSync(path.join(home.workDir, "src/main.ts"), "export const main = () => 43;\n");
    git("-c", "user.email=t@t", "-c", "user.name=t", "stash", "-q");
    git("add", "tool.sh");
    files.set("src/main.ts", readFileSync(path.join(home.workDir, "src/main.ts")));
    const status = git("status", "--porcelain");
    const index = readFileSync(path.join(home.workDir, ".git/index"));
    const stash = git("stash", "list");
    expect(stash).not.toBe("");

    const run = await destructiveTurn(["--output-format", "stream-json"]);
    const reported = run.stdout
      .split("\n")
      .filter((line) => line.includes('"type":"checkpoint"'))
      .map((line) => JSON.parse(line).checkpoint);
    const cps = await listed();
    expect(cps.map((c) => c.trigger)).toEqual(["turn", "tool"]);
    expect(reported.map((c) => c.id)).toEqual(cps.map((c) => c.id));
    expect(cps[0]!.message_index).toBe(0);
    expect(cps[1]!.files_changed).toBe(8); // 6 under src/ removed, new.txt, tool.sh's mode

    const table = await agenix("checkpoints", "list");
    expect(table.stdout).toMatch(new RegExp(`${cps[0]!.id}\\s+1\\s+before turn\\s+0\\s+\\+0 -0`));
    expect(table.stdout).toMatch(new RegExp(`${cps[1]!.id}\\s+1\\s+after bash\\s+8\\s+\\+1 -4`));
    const dry = await agenix("checkpoints", "restore", cps[0]!.id, "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("would be removed    new.txt");
    expect(existsSync(path.join(home.workDir, "new.txt"))).toBe(true);

    const restored = await agenix("checkpoints", "restore", cps[0]!.id);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain("recreated           src/with space.md");
    expectSeeded(home.workDir, files);
    expect(git("status", "--porcelain")).toBe(status);
    expect(readFileSync(path.join(home.workDir, ".git/index")).equals(index)).toBe(true);
    expect(git("stash", "list")).toBe(stash);
    // The restore is a checkpoint: restoring it brings the turn's result back.
    const after = await listed();
    expect(after.at(-1)).toMatchObject({ trigger: "restore", files_changed: 8 });
    expect((await agenix("checkpoints", "list")).stdout).toContain(`restore ${cps[0]!.id.slice(0, 8)}`);
    const again = await agenix("checkpoints", "restore", after.at(-1)!.id);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "src"))).toBe(false);
    expect(readFileSync(path.join(home.workDir, "new.txt"), "utf8")).toBe("x\n");
    // The session file keeps messages first, checkpoints after them.
    const text = readFileSync(sessionFiles(home)[0]!, "utf8");
    expect(text.indexOf('"messages"')).toBeLessThan(text.indexOf('"checkpoints"'));
  });

  it("refuses to overwrite a file the user's editor changed after the turn, unless --force", async () => {
    const files = seedProject(home.workDir); // not a git repository
    await destructiveTurn();
    writeFileSync(path.join(home.workDir, "new.txt"), "the user's own notes\n");
    const [before] = await listed();
    const refused = await agenix("checkpoints", "restore", before!.id);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("changed since agenix last saw it");
    expect(refused.stderr).toContain("new.txt");
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(path.join(home.workDir, "new.txt"), "utf8")).toBe("the user's own notes\n");
    expect(existsSync(path.join(home.workDir, "src"))).toBe(false);
    expect((await listed()).map((c) => c.trigger)).toEqual(["turn", "tool"]);
    const forced = await agenix("checkpoints", "restore", before!.id, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expectSeeded(home.workDir, files);
  });

  it("diff shows a checkpoint against the files now; sessions delete drops the session's snapshots", async () => {
    seedProject(home.workDir);
    await destructiveTurn();
    const [before] = await listed();
    const diff = await agenix("checkpoints", "diff", before!.id);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("deleted file mode 100644");
    expect(diff.stdout).toContain("+++ b/new.txt");
    expect(diff.stdout).toContain("old mode 100644\nnew mode 100755");
    const repo = path.join(home.home, ".agenix/checkpoints", home.workDir.slice(1).replaceAll("/", "_"));
    const refs = () =>
      execFileSync("git", ["--git-dir", repo, "for-each-ref", "--format=%(refname)"], { encoding: "utf8" });
    expect(refs()).toContain(`refs/agenix/sessions/${before!.session_id}`);
    expect(statSync(repo).mode & 0o777).toBe(0o700);
    const deleted = await agenix("sessions", "delete", before!.session_id, "--yes");
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(refs()).toBe("");
  });

  it("checkpoints.enabled false and a machine without git: no checkpoints, said once", async () => {
    seedProject(home.workDir);
    mkdirSync(path.join(home.workDir, ".agenix"));
    writeFileSync(
      path.join(home.workDir, ".agenix/settings.json"),
      JSON.stringify({ checkpoints: { enabled: false } }),
    );
    const off = await destructiveTurn();
    expect(off.stderr.match(/Checkpoints are off/g)).toHaveLength(1);
    expect(readSession(sessionFiles(home)[0]!).checkpoints).toBeUndefined();

    // PATH with node but no git.
    const bin = path.join(home.home, "bin-without-git");
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, "node"));
    writeFileSync(path.join(home.workDir, ".agenix/settings.json"), "{}");
    server.push({ text: "hello" });
    const env = { ...openaiEnv(home, server), PATH: `${bin}:/bin/does-not-exist` };
    const noGit = await runAgenix(["hi"], { cwd: home.workDir, env });
    expect(noGit.code, noGit.stderr).toBe(0);
    expect(noGit.stderr.match(/git is not installed/g)).toHaveLength(1);
  });

  it("the locks a killed snapshot leaves (agenix.lock of a dead pid, index.lock, a ref lock) do not block a restore", async () => {
    seedProject(home.workDir);
    await destructiveTurn();
    const repo = path.join(home.home, ".agenix/checkpoints", home.workDir.slice(1).replaceAll("/", "_"));
    // What a kill leaves: agenix's lock naming a dead process, git's index.lock and a ref lock.
    const dead = execFileSync("sh", ["-c", "sh -c 'echo $$' "], { encoding: "utf8" }).trim();
    writeFileSync(path.join(repo, "agenix.lock"), `${dead}\n${(await import("node:os")).hostname()}\n`);
    writeFileSync(path.join(repo, "index.lock"), "");
    const [cp] = await listed();
    writeFileSync(path.join(repo, `refs/agenix/sessions/${cp!.session_id}.lock`), "");
    const restored = await agenix("checkpoints", "restore", cp!.id);
    expect(restored.code, restored.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "src/main.ts"))).toBe(true);
    execFileSync("git", ["--git-dir", repo, "fsck", "--no-progress"], { encoding: "utf8" });
  });

  it("the SDK: checkpoints(), undo() (refusing the editor's change without force), restore(id)", async () => {
    const files = seedProject(home.workDir);
    server.push({ toolCalls: [{ name: "bash", arguments: { command: DESTROY } }] }, { text: "done" });
    const session = await createSession({
      apiKey: "sk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      sessionManager: new SessionManager({ dir: home.sessionDir }),
      permissionMode: "yolo",
    });
    try {
      await session.prompt("clean up");
      expect(session.checkpoints().map((c) => c.trigger)).toEqual(["turn", "tool"]);
      writeFileSync(path.join(home.workDir, "new.txt"), "edited\n");
      await expect(session.undo()).rejects.toThrow(/new\.txt[\s\S]*force/);
      const outcome = await session.undo({ force: true });
      expectSeeded(home.workDir, files);
      expect(outcome.changes.find((c) => c.path === "new.txt")?.action).toBe("removed");
      const redo = await session.redo();
      expect(readFileSync(path.join(home.workDir, "new.txt"), "utf8")).toBe("edited\n");
      expect(redo.record?.trigger).toBe("redo");
      await session.restore(session.checkpoints()[0]!.id.slice(0, 8));
      expectSeeded(home.workDir, files);
      expect(
        readSession(sessionFiles(home)[0]!).checkpoints.map((c: { trigger: string }) => c.trigger),
      ).toEqual(["turn", "tool", "undo", "redo", "restore"]);
    } finally {
      await session.close();
    }
  });
});
