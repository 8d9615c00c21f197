// The README's set-up lines work as written: the test line as root and as a user (apt through sudo
// only when not root), Chromium is found where Debian and Ubuntu put it, and `npm ci` has no
// install script left unreviewed (npm 11 warns about every one allowScripts does not cover).
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findChromium } from "../support/chromium.js";
import { repoRoot } from "../support/cli.js";

/** The README's one-line test command (the shell block under "Run the tests"). */
function readmeTestLine(): string {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Run the tests"));
  const block = /```sh\n([^\n]+)\n```/.exec(section);
  if (!block) throw new Error("README.md has no test command block");
  return block[1]!;
}

let bin: string;
let log: string;
beforeEach(() => {
  bin = mkdtempSync(path.join(tmpdir(), "agenix-setup-"));
  log = path.join(bin, "calls.log");
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

/** A stand-in for a command: records its name and arguments; `sudo` then runs the rest. */
function stub(name: string, body = "") {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
  chmodSync(file, 0o755);
}

function runLine(uid: number, osRelease: string): string[] {
  stub("id", `echo ${uid}`);
  for (const name of ["apt-get", "npm"]) stub(name);
  const release = path.join(bin, "os-release");
  writeFileSync(release, osRelease);
  execFileSync("/bin/sh", ["-c", readmeTestLine()], {
    cwd: repoRoot,
    // Only the stubs and the shell's own directory: no real sudo, apt or npm is reachable.
    env: { PATH: `${bin}:/bin`, OS_RELEASE: release },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return readFileSync(log, "utf8").trim().split("\n");
}

describe("the README's test command", () => {
  it("as root on Debian: apt directly (no sudo), Chromium included, then npm ci and npm test", () => {
    const calls = runLine(0, "ID=debian\n");
    expect(calls.filter((c) => !c.startsWith("id"))).toEqual([
      "apt-get update",
      "apt-get install -y tmux python3 git curl postgresql bubblewrap chromium",
      "npm ci",
      "npm test",
    ]);
  });

  it("as a user: apt through sudo; on Ubuntu the snap-stub chromium package is left out", () => {
    stub("sudo", 'exec "$@"');
    const calls = runLine(1000, 'ID=ubuntu\nVERSION_ID="24.04"\n');
    expect(calls.filter((c) => !c.startsWith("id"))).toEqual([
      "sudo apt-get update",
      "apt-get update",
      "sudo apt-get install -y tmux python3 git curl postgresql bubblewrap",
      "apt-get install -y tmux python3 git curl postgresql bubblewrap",
      "npm ci",
      "npm test",
    ]);
  });
});

describe("Chromium for the HTML checks", () => {
  const exe = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "#!/bin/sh\n");
    chmodSync(file, 0o755);
    return file;
  };

  it("AGENIX_CHROMIUM first, then PATH (chromium before Ubuntu's chromium-browser stub), then /snap/bin", () => {
    const a = path.join(bin, "a");
    const b = path.join(bin, "b");
    exe(path.join(b, "chromium-browser"));
    expect(findChromium({ PATH: `${a}:${b}` }, [])).toBe(path.join(b, "chromium-browser"));
    exe(path.join(a, "google-chrome"));
    expect(findChromium({ PATH: `${a}:${b}` }, [])).toBe(path.join(a, "google-chrome"));
    exe(path.join(b, "chromium"));
    expect(findChromium({ PATH: `${a}:${b}` }, [])).toBe(path.join(b, "chromium"));
    const snap = exe(path.join(bin, "snap/bin/chromium"));
    expect(findChromium({ PATH: "" }, [snap])).toBe(snap);
    const mine = exe(path.join(bin, "mine/chrome"));
    expect(findChromium({ PATH: `${a}:${b}`, AGENIX_CHROMIUM: mine }, [snap])).toBe(mine);
  });

  it("none found, or a wrong AGENIX_CHROMIUM: an error that says how to point the tests at one", () => {
    expect(() => findChromium({ PATH: bin }, [])).toThrow(
      /No Chromium found.*AGENIX_CHROMIUM=\/path\/to\/chrome/,
    );
    expect(() => findChromium({ PATH: bin, AGENIX_CHROMIUM: path.join(bin, "nope") }, [])).toThrow(
      /AGENIX_CHROMIUM=.*nope is not an executable file/,
    );
  });
});

describe("npm ci", () => {
  it("every dependency with an install script is reviewed in package.json's allowScripts", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([key, entry]) => key !== "" && entry.hasInstallScript)
      .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(withScripts.length).toBeGreaterThan(0);
    const unreviewed = withScripts.filter((name) => typeof pkg.allowScripts?.[name] !== "boolean");
    expect(unreviewed).toEqual([]);
    // agenix uses only tree-sitter-bash's shipped .wasm: its native build is denied, not run.
    expect(pkg.allowScripts["tree-sitter-bash"]).toBe(false);
  });
});
