// The user's commands in the interactive command table: dispatch, /help and Tab completion, and the
// reports behind /skills and /extensions, from a real customization loaded from temp folders.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { completeInput, runCommand } from "../../src/cli/interactive/commands.js";
import { customCommands } from "../../src/cli/interactive/custom-commands.js";
import type { ChatSession } from "../../src/cli/interactive/types.js";
import { type Customization, loadCustomization } from "../../src/customize.js";

let root: string;
let custom: Customization;

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeEach(async () => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-ui-cmds-")));
  const home = path.join(root, "home");
  const project = path.join(root, "repo");
  put(
    path.join(project, ".agenix", "commands", "fix.md"),
    "---\ndescription: Fix an issue\nmodel: m-1\n---\nFix #$1.",
  );
  put(
    path.join(home, ".agenix", "skills", "deploy", "SKILL.md"),
    "---\nname: deploy\ndescription: Deploy it\n---\nRun make deploy.",
  );
  put(
    path.join(home, ".agenix", "extensions", "x.mjs"),
    `export default (api) => { api.registerCommand("ping", { description: "pong", handler: (a) => "pong " + a }); api.on("agent_end", () => {}); };`,
  );
  custom = await loadCustomization({
    cwd: project,
    home,
    projectRoot: project,
    contextFiles: true,
    projectExtensions: false,
    reservedToolNames: ["read"],
  });
});
afterEach(async () => {
  await custom.close();
  rmSync(root, { recursive: true, force: true });
});

const session = { id: undefined, model: "gpt-4o", workingDir: "/p" } as unknown as ChatSession;
const ctx = () => ({
  session,
  sessions: { list: async () => [] },
  extra: customCommands(custom, { contextFilesEnabled: true }),
});

describe("custom commands in interactive mode", () => {
  it("/hooks shows the hooks listing", async () => {
    const withHooks = {
      ...ctx(),
      extra: customCommands(custom, {
        contextFilesEnabled: true,
        hooksReport: () => "Hooks: PreToolUse [Bash]",
      }),
    };
    expect(await runCommand("/hooks", withHooks)).toEqual({ output: "Hooks: PreToolUse [Bash]" });
    expect((await runCommand("/help", withHooks)).output).toMatch(/\/hooks +hooks from the settings files/);
  });

  it("turns /fix 12 into a prompt action with the command's model, and /deploy into the skill's body", async () => {
    expect(await runCommand("/fix 12", ctx())).toEqual({
      action: { type: "prompt", text: "Fix #12.", model: "m-1" },
    });
    const skill = await runCommand("/deploy now", ctx());
    expect(skill.action).toMatchObject({ type: "prompt" });
    expect((skill.action as { text: string }).text).toMatch(
      /^Run make deploy\.\n\n\(Skill "deploy" from .+SKILL\.md\.\)\n\nnow$/,
    );
  });

  it("runs an extension command, and still says Unknown command for anything else", async () => {
    expect(await runCommand("/ping a b", ctx())).toEqual({ output: "pong a b" });
    expect(await runCommand("/nope", ctx())).toEqual({
      output: "Unknown command: /nope (try /help)",
      tone: "error",
    });
  });

  it("lists them in /help and /skills and /extensions, and completes them with Tab", async () => {
    const help = (await runCommand("/help", ctx())).output!;
    expect(help).toMatch(/\/fix \[args\] +Fix an issue/);
    expect(help).toMatch(/\/deploy \[args\] +skill: Deploy it/);
    expect(help).toMatch(/\/ping \[args\] +pong/);
    expect((await runCommand("/skills", ctx())).output).toContain("/fix  Fix an issue [model m-1]");
    expect((await runCommand("/extensions", ctx())).output).toMatch(
      /x\.mjs\n {2}commands: \/ping\n {2}events: agent_end/,
    );
    const names = ctx()
      .extra.list()
      .map((c) => c.name);
    expect(completeInput("/dep", [], names)).toEqual({ text: "/deploy ", candidates: ["/deploy"] });
    expect(completeInput("/pin", [], names).candidates).toEqual(["/ping"]);
  });
});
