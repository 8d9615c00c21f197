// A real temp world for decision tests: a home with ~/.ssh/id_rsa, a project with .env, a README,
// an embedded bare repository (evil/, as a clone can carry), and a folder outside the project.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DecideContext, decide } from "../../src/permissions/decide.js";
import { memoizedReadDir, realpathOfLongestPrefix } from "../../src/permissions/real-path.js";
import { parseRules } from "../../src/permissions/rules.js";
import { loadShellParser } from "../../src/permissions/shell-parse.js";
import type { PermissionMode, PermissionRule } from "../../src/permissions/types.js";

export interface World {
  root: string;
  home: string;
  work: string;
  ctx: DecideContext;
  cleanup(): void;
}

export async function makeWorld(): Promise<World> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-perm-world-")));
  const home = path.join(root, "home");
  const work = path.join(home, "project");
  mkdirSync(path.join(work, "src"), { recursive: true });
  mkdirSync(path.join(home, ".ssh"), { recursive: true });
  mkdirSync(path.join(root, "outside"), { recursive: true });
  writeFileSync(path.join(home, ".ssh", "id_rsa"), "PRIVATE KEY\n");
  writeFileSync(path.join(work, ".env"), "TOKEN=secret\n");
  writeFileSync(path.join(work, "README.md"), "# readme\n");
  writeFileSync(path.join(work, "in.txt"), "b\na\n");
  for (const dir of ["objects", "refs"]) mkdirSync(path.join(work, "evil", dir), { recursive: true });
  writeFileSync(path.join(work, "evil", "HEAD"), "ref: refs/heads/main\n");
  writeFileSync(path.join(work, "evil", "config"), "[core]\n\tfsmonitor = touch MARKER\n");
  const ctx: DecideContext = {
    workingDir: work,
    home,
    sessionsDir: path.join(home, ".agenix", "sessions"),
    env: { HOME: home, PATH: "/usr/bin:/bin", LANG: "C.UTF-8", GREETING: "hi" },
    realpath: realpathOfLongestPrefix,
    readDirFactory: memoizedReadDir,
    parseShell: await loadShellParser(),
  };
  return { root, home, work, ctx, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RuleSpec {
  allow?: string[];
  deny?: string[];
  ask?: string[];
}

export function rules(spec: RuleSpec = {}): PermissionRule[] {
  return [
    ...parseRules(spec.deny, "deny", "flag"),
    ...parseRules(spec.ask, "ask", "flag"),
    ...parseRules(spec.allow, "allow", "user"),
  ];
}

export function decideIn(
  world: World,
  mode: PermissionMode,
  tool: string,
  input: Record<string, unknown>,
  spec?: RuleSpec,
) {
  return decide({ tool, input }, { mode, rules: rules(spec) }, world.ctx);
}
