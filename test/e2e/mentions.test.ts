// @path mentions through the binary: only what the user typed attaches a file, never piped stdin or
// a custom command's own text; and an attachment goes through the read rules and the secret check.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const run = (args: string[], input?: string) =>
  runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server), input });

/** Everything the model was sent, as one string. */
const sent = () => JSON.stringify(server.requests.map((r) => r.body));

describe("@ mentions", () => {
  it("a typed mention attaches the file; one in piped stdin does not", async () => {
    writeFileSync(path.join(home.workDir, "notes.txt"), "typed-attachment-4711\n");
    writeFileSync(path.join(home.workDir, "private.txt"), "piped-attachment-4712\n");
    server.push({ text: "ok" });
    const result = await run(["summarize @notes.txt"], "log line mentioning @private.txt\n");
    expect(result.code, result.stderr).toBe(0);
    expect(sent()).toContain("typed-attachment-4711");
    expect(sent()).toContain("log line mentioning @private.txt");
    expect(sent()).not.toContain("piped-attachment-4712");
  });

  it("a secret or a denied file is not attached, and the user is told why", async () => {
    writeFileSync(path.join(home.workDir, ".env"), "API_TOKEN=env-secret-4713\n");
    writeFileSync(path.join(home.workDir, "deny.txt"), "denied-4714\n");
    server.push({ text: "ok" });
    const result = await run(["check @.env and @deny.txt", "--deny", "read(deny.txt)"]);
    expect(result.code, result.stderr).toBe(0);
    expect(sent()).not.toContain("env-secret-4713");
    expect(sent()).not.toContain("denied-4714");
    expect(result.stderr).toContain(
      "Warning: Not attached: @.env (reading .env needs your approval: it may hold secrets (.env files)). To attach it, allow it: --allow 'read(.env)' or a permissions.allow rule.",
    );
    expect(result.stderr).toContain(
      "Warning: Not attached: @deny.txt (reading deny.txt is denied by the rule read(deny.txt)).",
    );
  });

  it("a project's custom command cannot attach files by itself; the user's typed arguments can", async () => {
    mkdirSync(path.join(home.workDir, ".agenix", "commands"), { recursive: true });
    writeFileSync(
      path.join(home.workDir, ".agenix", "commands", "review.md"),
      "Review @inside.txt and $ARGUMENTS",
    );
    writeFileSync(path.join(home.workDir, "inside.txt"), "template-attachment-4715\n");
    writeFileSync(path.join(home.workDir, "mine.txt"), "argument-attachment-4716\n");
    server.push({ text: "ok" });
    const result = await run(["/review @mine.txt"]);
    expect(result.code, result.stderr).toBe(0);
    expect(sent()).toContain("Review @inside.txt and @mine.txt");
    expect(sent()).toContain("argument-attachment-4716");
    expect(sent()).not.toContain("template-attachment-4715");
  });
});
