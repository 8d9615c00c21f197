// A session file is untrusted input: whatever a model or another program wrote into it (escape
// sequences, C1 controls, bidi overrides) must not reach the terminal through any `sessions` command.
// Runs the built binary (npm run build first).
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";

// OSC 52 (write the clipboard), a CSI screen clear, an 8-bit CSI (U+009B), bidi override and isolate.
const OSC52 = "\u001b]52;c;cm0gLXJmIH4=\u0007";
const HOSTILE = `${OSC52}\u001b[2J\u009b31m\u202eevil\u2066x\u2069`;
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let home: TempHome;
let id: string;
const run = (args: string[]) => runAgenix(["sessions", ...args], { cwd: home.workDir, env: home.env });

beforeAll(async () => {
  home = await makeTempHome();
  const manager = new SessionManager({ dir: home.sessionDir });
  const data = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
  id = data.id;
  data.messages.push(
    { role: "user", content: `hi ${HOSTILE}`, timestamp: `2024-01-01T12:00:00Z${HOSTILE}` },
    {
      role: "assistant",
      content: [{ type: "text", text: `answer ${HOSTILE}` }],
      tool_calls: [
        { id: `call_1${HOSTILE}`, name: `bash${HOSTILE}`, arguments: { command: `ls ${HOSTILE}` } },
      ],
      model: `gpt-4o${HOSTILE}`,
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      timestamp: `2024-01-01T12:00:01Z${HOSTILE}`,
    },
    {
      role: "tool",
      tool_call_id: `call_1${HOSTILE}`,
      name: `bash${HOSTILE}`,
      content: `output ${HOSTILE}`,
      is_error: false,
      timestamp: `2024-01-01T12:00:02Z${HOSTILE}`,
    },
  );
  data.metadata = { name: `name ${HOSTILE}`, tags: [`tag${HOSTILE}`] };
  await manager.saveSession(data);
  // Header fields a model never writes but another program might.
  const file = await manager.sessionPath(id, { workingDir: home.workDir });
  const raw = JSON.parse(readFileSync(file, "utf8"));
  raw.model = `gpt-4o${HOSTILE}`;
  raw.created_at = `${raw.created_at}${HOSTILE}`;
  raw.updated_at = `${raw.updated_at}${HOSTILE}`;
  writeFileSync(file, JSON.stringify(raw, null, 2));
});
afterAll(() => home.cleanup());

describe("hostile strings in a session file", () => {
  const commands: string[][] = [
    ["list"],
    ["list", "--all"],
    ["list", "--json"],
    ["show", "ID"],
    ["show", "ID", "--json"],
    ["stats", "ID"],
    ["stats", "ID", "--json"],
    ["cost", "ID"],
    ["cost", "ID", "--json"],
    ["path", "ID"],
    ["export", "ID"],
    ["export", "ID", "--redact"],
    ["rename", "ID", `renamed ${HOSTILE}`],
    ["tag", "ID", `t${HOSTILE}`],
    ["show", `nope${HOSTILE}`],
  ];
  for (const args of commands) {
    const title = args.map((a) => a.replace(HOSTILE, "<hostile>")).join(" ");
    it(`sessions ${title} prints no escape, C1 or bidi character`, async () => {
      const result = await run(args.map((a) => (a === "ID" ? id : a)));
      if (args[0] === "list") expect(result.stdout).toContain(id);
      expect(result.stdout + result.stderr).not.toMatch(UNSAFE);
      if (!args.includes(`nope${HOSTILE}`)) expect(result.code, result.stderr).toBe(0);
      if (args.includes("--json") || args[0] === "export") {
        // The data itself is intact: the characters are escaped, not dropped.
        const parsed = JSON.stringify(JSON.parse(result.stdout));
        if (args[0] !== "export" || !args.includes("--redact")) expect(parsed).toContain("\\u001b]52;c;");
      }
    });
  }
});
