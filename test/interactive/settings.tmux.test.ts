// Trusted folders and /config in the real binary under tmux: the trust question is asked once and
// remembered; /config shows each effective key, its value and its source.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import type { TmuxPane } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

async function setup() {
  ({ home } = await tmux.setup());
  const agenix = path.join(home.workDir, ".agenix");
  mkdirSync(agenix, { recursive: true });
  writeFileSync(
    path.join(agenix, "settings.json"),
    JSON.stringify({ model: "project-model", mcpServers: { docs: { command: "docs-server" } } }),
  );
  mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
  writeFileSync(path.join(home.home, ".agenix", "settings.json"), JSON.stringify({ maxTurns: 12 }));
}

function open(args: string[] = []): TmuxPane {
  return tmux.open({ args });
}

const trustFile = () => JSON.parse(readFileSync(path.join(home.home, ".agenix", "trusted.json"), "utf8"));

describe("trusted folders and /config in interactive mode", () => {
  it("asks once; yes trusts and remembers; /config shows values and sources", async () => {
    await setup();
    const p = open();
    // The question shows exactly what trusting would apply: each file, key and value.
    await p.waitFor(
      `This project (${home.workDir}) has settings that can run code or widen permissions:\n` +
        `  .agenix/settings.json: mcpServers = {"docs":{"command":"docs-server"}}\n` +
        "Trust this folder and apply these settings?",
    );
    p.type("y");
    p.keys("Enter");
    await p.waitFor("/help for commands");
    expect(Object.keys(trustFile().projects)).toEqual([home.workDir]);
    p.type("/config");
    p.keys("Enter");
    const screen = await p.waitFor("Edit with: agenix config set");
    expect(screen).toMatch(/maxTurns +12 +user\n/);
    expect(screen).toMatch(/mcpServers\.docs +\{"command":"docs-server"\} +project\n/);
    expect(screen).toMatch(/model +"project-model" +project\n/);
    p.type("/quit");
    p.keys("Enter");
    await p.waitForExit();
    p.kill();

    // Trusted now: the next start does not ask.
    const again = open();
    await again.waitFor("/help for commands");
    expect(again.screen()).not.toContain("Trust this folder");
  });

  it("no leaves the widening settings out, says so, and is not asked again", async () => {
    await setup();
    const p = open(["--model", "flag-model"]);
    await p.waitFor("Trust this folder");
    p.type("n");
    p.keys("Enter");
    await p.waitFor("/help for commands");
    expect(Object.keys(trustFile().declined)).toEqual([home.workDir]);
    p.type("/config");
    p.keys("Enter");
    const screen = await p.waitFor("Edit with: agenix config set");
    expect(screen).not.toContain("mcpServers.docs");
    expect(screen).toMatch(/model +"flag-model" +command-line flag\n/);
    expect(screen).toContain(`Ignored until you trust ${home.workDir} (run agenix --trust): mcpServers`);
    p.type("/quit");
    p.keys("Enter");
    await p.waitForExit();
    p.kill();

    const again = open();
    await again.waitFor("/help for commands");
    expect(again.screen()).not.toContain("Trust this folder");
  });

  it("Ctrl-C at the question leaves without remembering an answer", async () => {
    await setup();
    const p = open();
    await p.waitFor("Trust this folder");
    p.keys("C-c");
    await p.waitForExit();
    expect(existsSync(path.join(home.home, ".agenix", "trusted.json"))).toBe(false);
  });
});
