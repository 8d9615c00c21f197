// Deleting sessions through the binary drops their checkpoints and nothing else: `sessions prune`
// (one working directory and --all) removes the pruned sessions' references from each working
// directory's shadow repository, the kept sessions' snapshots stay restorable.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { folderNameFor } from "../../src/sessions/paths.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, sessionFiles, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

/** One print-mode session in `cwd` whose bash writes `file`; resolves to its id. */
async function sessionWriting(cwd: string, file: string): Promise<string> {
  server.push(
    { toolCalls: [{ name: "bash", arguments: { command: `echo made > ${file}` } }] },
    { text: "ok" },
  );
  const run = await runAgenix(["--yolo", `make ${file}`], { cwd, env: openaiEnv(home, server) });
  expect(run.code, run.stderr).toBe(0);
  expect(existsSync(path.join(cwd, file))).toBe(true);
  return sessionIdFrom(run.stderr);
}

function repoOf(dir: string): string {
  return path.join(home.home, ".agenix/checkpoints", folderNameFor(dir));
}

function refs(dir: string): string[] {
  const out = execFileSync("git", ["--git-dir", repoOf(dir), "for-each-ref", "--format=%(refname)"], {
    encoding: "utf8",
  });
  return out.split("\n").filter(Boolean).sort();
}

/** Sets a session's updated_at into the past (what prune reads), keeping the file otherwise as it is. */
function age(id: string): void {
  const file = sessionFiles(home).find((f) => path.basename(f) === `${id}.json`)!;
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replace(/"updated_at":\s*"[^"]*"/, '"updated_at": "2020-01-01T00:00:00Z"'));
}

describe("sessions prune and checkpoints", () => {
  it("prune drops the pruned sessions' checkpoint references in every working directory; kept ones still restore", async () => {
    const other = path.join(home.home, "other-project");
    mkdirSync(other);
    const old = await sessionWriting(home.workDir, "old.txt");
    const kept = await sessionWriting(home.workDir, "kept.txt");
    const elsewhere = await sessionWriting(other, "there.txt");
    expect(refs(home.workDir)).toEqual([old, kept].map((id) => `refs/agenix/sessions/${id}`).sort());
    expect(refs(other)).toEqual([`refs/agenix/sessions/${elsewhere}`]);
    age(old);
    age(elsewhere);

    // Without --all: only this working directory's old session.
    const here = await runAgenix(["sessions", "prune", "--older-than", "30d"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(here.code, here.stderr).toBe(0);
    expect(here.stdout).toBe("Deleted 1 session older than 30d.\n");
    expect(refs(home.workDir)).toEqual([`refs/agenix/sessions/${kept}`]);
    expect(refs(other)).toEqual([`refs/agenix/sessions/${elsewhere}`]);

    const all = await runAgenix(["sessions", "prune", "--older-than", "30d", "--all"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe("Deleted 1 session older than 30d.\n");
    expect(refs(other)).toEqual([]);
    expect(refs(home.workDir)).toEqual([`refs/agenix/sessions/${kept}`]);
    execFileSync("git", ["--git-dir", repoOf(home.workDir), "fsck", "--no-progress"], { stdio: "pipe" });

    // The kept session's checkpoints are intact: its turn snapshot still takes kept.txt away.
    const list = await runAgenix(["checkpoints", "list", "--json"], { cwd: home.workDir, env: home.env });
    expect(list.code, list.stderr).toBe(0);
    const records: { id: string; session_id: string; trigger: string }[] = JSON.parse(list.stdout);
    expect(new Set(records.map((r) => r.session_id))).toEqual(new Set([kept]));
    const before = records.find((r) => r.trigger === "turn")!;
    const restore = await runAgenix(["checkpoints", "restore", before.id], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(restore.code, restore.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "kept.txt"))).toBe(false);
    expect(readFileSync(path.join(home.workDir, "old.txt"), "utf8")).toBe("made\n");
  });
});
