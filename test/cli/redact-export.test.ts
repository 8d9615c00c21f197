// `agenix sessions export --redact` through the real binary: every copy of a secret is gone, the
// count says so, and the export is valid session JSON (npm run build first).
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import { AWS_SECRET, DB_PASSWORD, leakySession } from "../redact/leaky-session.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";

let home: TempHome;
let id: string;

beforeAll(async () => {
  home = await makeTempHome();
  const manager = new SessionManager({ dir: home.sessionDir });
  const created = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
  id = created.id;
  const file = await manager.sessionPath(id, { workingDir: home.workDir });
  const data = {
    ...leakySession(home.workDir),
    id,
    created_at: created.created_at,
    updated_at: created.updated_at,
  };
  writeFileSync(file, JSON.stringify(data, null, 2));
  expect(readFileSync(file, "utf8")).toContain(AWS_SECRET);
});
afterAll(() => home.cleanup());

it("export --redact removes a secret everywhere it was copied, and counts every copy", async () => {
  const result = await runAgenix(["sessions", "export", id, "--redact"], {
    cwd: home.workDir,
    env: home.env,
  });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).not.toContain(AWS_SECRET);
  expect(result.stdout).not.toContain(DB_PASSWORD);
  const exported = JSON.parse(result.stdout);
  expect(exported.working_dir).toBe("/project");
  expect(exported.messages).toHaveLength(6);
  const count = Number(/^Redacted (\d+) secrets\n$/.exec(result.stderr)?.[1]);
  expect(count).toBeGreaterThanOrEqual(12);
});
