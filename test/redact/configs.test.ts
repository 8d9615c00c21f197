// Redaction recall on the config files of common tools, written from each tool's documented format
// (test/fixtures/secrets/configs/, the secrets of each listed in secrets.json): kubeconfig, .npmrc,
// .pypirc, Docker's config.json, .netrc, AWS credentials, Maven settings.xml, Cargo credentials,
// gh hosts.yml, .yarnrc.yml, .pgpass, TOML settings, and connection URLs of many schemes. Every
// secret goes, every line without one stays as it was; through `agenix sessions export --redact` too.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/types.js";
import { redactText } from "../../src/redact/redact.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempHome, repoRoot, runAgenix, type TempHome } from "../support/cli.js";

const DIR = path.join(repoRoot, "test/fixtures/secrets/configs");
const SECRETS = JSON.parse(readFileSync(path.join(DIR, "secrets.json"), "utf8")) as Record<string, string[]>;
const FILES = Object.keys(SECRETS);

/** 5-character pieces of `secret` left in `out` that are not also ordinary text of the file. */
function leftovers(secret: string, out: string, ordinary: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 5 <= secret.length; i++) {
    const piece = secret.slice(i, i + 5);
    if (out.includes(piece) && !ordinary.includes(piece)) found.push(piece);
  }
  return found;
}

describe("config files of common tools", () => {
  it.each(FILES)("%s: every secret is redacted, every other line is unchanged", (file) => {
    const text = readFileSync(path.join(DIR, file), "utf8");
    const secrets = SECRETS[file]!;
    for (const s of secrets) expect(text, `${file} holds ${s}`).toContain(s);
    const { text: out } = redactText(text);
    const ordinary = secrets.reduce((t, s) => t.split(s).join(""), text);
    for (const s of secrets) expect(leftovers(s, out, ordinary), `${file}: ${s}`).toEqual([]);
    const before = text.split("\n");
    const after = out.split("\n");
    expect(after).toHaveLength(before.length);
    const changedWithout = before.filter(
      (line, i) => line !== after[i] && !secrets.some((s) => line.includes(s)),
    );
    expect(changedWithout, `${file}: lines changed that hold no secret`).toEqual([]);
  });

  it("the corpus covers every file in the folder and many formats", () => {
    const onDisk = readdirSync(DIR).filter((f) => f !== "secrets.json");
    expect(onDisk.sort()).toEqual([...FILES].sort());
    expect(FILES.length).toBeGreaterThanOrEqual(12);
    expect(FILES.reduce((n, f) => n + SECRETS[f]!.length, 0)).toBeGreaterThanOrEqual(35);
  });
});

describe("agenix sessions export --redact on pasted config files", () => {
  let home: TempHome;
  let id: string;
  beforeAll(async () => {
    home = await makeTempHome();
    const manager = new SessionManager({ dir: home.sessionDir });
    const data = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
    id = data.id;
    const ts = "2026-01-01T10:00:00Z";
    const messages: Message[] = [{ role: "user", content: "Why can't I publish?", timestamp: ts }];
    FILES.forEach((file, i) => {
      messages.push(
        {
          role: "assistant",
          content: [],
          tool_calls: [{ id: `call_${i}`, name: "bash", arguments: { command: `cat ~/${file}` } }],
          timestamp: ts,
        },
        {
          role: "tool",
          tool_call_id: `call_${i}`,
          name: "bash",
          content: readFileSync(path.join(DIR, file), "utf8"),
          is_error: false,
          timestamp: ts,
        },
      );
    });
    data.messages = messages;
    await manager.saveSession(data);
  });
  afterAll(() => home.cleanup());

  it("no secret of any file is left in the export", async () => {
    const result = await runAgenix(["sessions", "export", id, "--redact"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(result.code, result.stderr).toBe(0);
    const missed = FILES.flatMap((f) =>
      SECRETS[f]!.filter((s) => result.stdout.includes(JSON.stringify(s).slice(1, -1))),
    );
    expect(missed).toEqual([]);
    expect(JSON.parse(result.stdout).messages).toHaveLength(1 + 2 * FILES.length);
  });
});
