// Through the binary: a model that greps the whole home folder (allowed: reading is) gets no
// secret back: .env files, ~/.ssh and the sessions folder are left out of grep and glob, and the
// secret never reaches a request.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
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

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe("grep and glob through the binary", () => {
  it("grep and glob over ~ in default mode leave out .env, ~/.ssh and the sessions folder", async () => {
    put(path.join(home.workDir, ".env"), "STRIPE=sk_live_walk_secret_1\n");
    put(path.join(home.home, ".ssh", "id_ed25519"), "sk_live_walk_secret_2\n");
    put(
      path.join(home.workDir, "src", "pay.ts"),
      "const key = process.env.STRIPE; // sk_live_walk_ public\n",
    );
    // An earlier session mentioning a secret.
    put(path.join(home.sessionDir, "old", "20250101_000000.json"), '{"note": "sk_live_walk_secret_3"}\n');
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "call_g", name: "grep", arguments: { pattern: "sk_live_walk_", path: "~" } },
          { id: "call_f", name: "glob", arguments: { pattern: "**/*", path: "~" } },
        ],
      },
      { text: "found them" },
    );
    const result = await runAgenix(["find keys"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(result.code, result.stderr).toBe(0);
    const [grep, glob] = readSession(
      sessionFiles(home).find((f) => !f.includes(`${path.sep}old${path.sep}`))!,
    ).messages.filter((m: { role: string }) => m.role === "tool");
    expect(grep.content).toBe("src/pay.ts:1:const key = process.env.STRIPE; // sk_live_walk_ public");
    expect(glob.content).toContain("src/pay.ts");
    for (const hidden of [".env", "id_ed25519", "20250101_000000.json"])
      expect(glob.content).not.toContain(hidden);
    const sent = JSON.stringify(server.requests.map((r) => r.body));
    expect(sent).not.toMatch(/sk_live_walk_secret/);
  });
});
