// grep and glob leave out what the permission check would not let the model read outright: the
// built-in secret paths (.env*, *.pem, id_*, ~/.ssh, ~/.aws, ~/.config/gcloud, the sessions
// folder) and deny/ask rule matches, while walking; an allow rule or a target named explicitly
// (and so approved for this call) brings them back.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Permissions } from "../../src/permissions/gate.js";
import { parseRule } from "../../src/permissions/rules.js";
import { globTool } from "../../src/tools/glob.js";
import { grepTool } from "../../src/tools/grep.js";
import type { ToolContext } from "../../src/tools/types.js";
import { tempDir, writeFiles } from "./helpers.js";

function world() {
  const home = tempDir();
  const project = path.join(home, "project");
  writeFiles(home, {
    "project/src/app.ts": "const TOKEN_X = 1;\n",
    "project/.env": "TOKEN_X=sk-live-env\n",
    "project/.env.local": "TOKEN_X=sk-live-env-local\n",
    "project/certs/server.pem": "TOKEN_X pem\n",
    "project/deploy/id_ed25519": "TOKEN_X key\n",
    "project/private/notes.txt": "TOKEN_X private\n",
    ".ssh/config": "TOKEN_X ssh\n",
    ".aws/credentials": "TOKEN_X aws\n",
    ".config/gcloud/creds.json": "TOKEN_X gcloud\n",
    ".agenix/sessions/x/20250101_000000.json": "TOKEN_X session\n",
    "notes.md": "TOKEN_X notes\n",
  });
  return { home, project };
}

function ctxFor(home: string, project: string, rules: string[] = []): ToolContext {
  const permissions = new Permissions({
    mode: "yolo", // the walk leaves secrets out whatever the mode
    rules: rules.map((r) =>
      parseRule(r.slice(r.indexOf(" ") + 1), r.split(" ")[0] as "allow" | "deny", "flag"),
    ),
    workingDir: project,
    home,
    sessionsDir: path.join(home, ".agenix", "sessions"),
  });
  return { workingDir: project, signal: new AbortController().signal, walkFilter: permissions.walkFilter };
}

describe("grep and glob skip secrets and denied paths while walking", () => {
  it("grep in the home folder finds only what may be read", async () => {
    const { home, project } = world();
    const out = await grepTool.run(
      { pattern: "TOKEN_X", path: home },
      ctxFor(home, project, ["deny read(private/**)"]),
    );
    expect(out.content.split("\n").sort()).toEqual([
      `${path.join(home, "notes.md")}:1:TOKEN_X notes`,
      "src/app.ts:1:const TOKEN_X = 1;",
    ]);
    expect(out.summary).toBe("2 matches");
  });

  it("glob lists no secret and does not enter denied folders", async () => {
    const { home, project } = world();
    const out = await globTool.run(
      { pattern: "**/*", path: home },
      ctxFor(home, project, ["deny glob(private)"]),
    );
    expect(out.content.split("\n").sort()).toEqual([path.join(home, "notes.md"), "src/app.ts"]);
  });

  it("an allow rule brings a secret back; a secret named as the target is searched (it was approved)", async () => {
    const { home, project } = world();
    const allowed = await grepTool.run({ pattern: "TOKEN_X" }, ctxFor(home, project, ["allow read(.env)"]));
    expect(allowed.content.split("\n").sort()).toEqual([
      ".env:1:TOKEN_X=sk-live-env",
      "private/notes.txt:1:TOKEN_X private",
      "src/app.ts:1:const TOKEN_X = 1;",
    ]);
    const named = await grepTool.run(
      { pattern: "TOKEN_X", path: path.join(home, ".ssh") },
      ctxFor(home, project),
    );
    expect(named.content).toBe(`${path.join(home, ".ssh", "config")}:1:TOKEN_X ssh`);
  });
});
