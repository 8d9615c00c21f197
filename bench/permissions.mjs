// The cost of a permission decision (issue 9): a 200-character compound bash line (pipes, &&,
// a wrapper, a redirection, quoted arguments) through the real tree-sitter parser and the decision
// table, with a realistic rule set. Target: under 1 ms median. Baseline, same run: parsing the same
// line alone (tree-sitter's share), so the ratio shows what the rules and path checks add.
// Reported: first-call cost (grammar load) separately. Needs tsx (imports TypeScript from src/).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { decide } from "../src/permissions/decide.ts";
import { repositoryConfigProblem } from "../src/permissions/git-config.ts";
import { memoizedReadDir, memoizedRealpath } from "../src/permissions/real-path.ts";
import { parseRules } from "../src/permissions/rules.ts";
import { loadShellParser } from "../src/permissions/shell-parse.ts";
import { envInt, median, report, reportFailure } from "./lib/measure.mjs";

const iterations = envInt("BENCH_PERMISSION_CALLS", 2000);

const COMMAND =
  'git status --short && git diff --stat HEAD~1 -- "lib/core" | grep -v test | head -40 > notes/diff.txt; timeout 30 npm test -- --coverage --reporter=dot 2>&1 | tail -n 20 && echo "done: $?" && wc -l notes/*';

try {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-bench-perm-")));
  const workingDir = path.join(root, "project");
  mkdirSync(path.join(workingDir, "src"), { recursive: true });
  mkdirSync(path.join(workingDir, "notes"), { recursive: true });
  for (const name of ["a.md", "b.md", "diff.txt"]) writeFileSync(path.join(workingDir, "notes", name), "x\n");
  const rules = [
    ...parseRules(["bash(rm *)", "read(**/.env*)", "bash(git push *)"], "deny", "user"),
    ...parseRules(["bash(curl *)"], "ask", "project"),
    ...parseRules(
      ["bash(npm test *)", "bash(npm run *)", "edit(src/**)", "write(notes/**)", "bash(make *)"],
      "allow",
      "local",
    ),
  ];
  const loadStarted = performance.now();
  const parseShell = await loadShellParser();
  const loadMs = performance.now() - loadStarted;
  const ctx = {
    workingDir,
    home: root,
    sessionsDir: path.join(root, ".agenix/sessions"),
    env: { HOME: root, PATH: "/usr/bin:/bin", LANG: "C.UTF-8" },
    realpathFactory: memoizedRealpath,
    readDirFactory: memoizedReadDir,
    gitConfigProblem: () => repositoryConfigProblem(workingDir),
    parseShell,
  };
  const policy = { mode: "default", rules };
  const request = { tool: "bash", input: { command: COMMAND } };

  const first = decide(request, policy, ctx);
  if (first.behavior !== "allow") throw new Error(`expected allow, got ${first.behavior}: ${first.reason}`);
  for (let i = 0; i < 200; i++) decide(request, policy, ctx); // warm up the JIT

  const parseTimes = [];
  const decideTimes = [];
  for (let i = 0; i < iterations; i++) {
    let started = performance.now();
    parseShell(COMMAND);
    parseTimes.push(performance.now() - started);
    started = performance.now();
    decide(request, policy, ctx);
    decideTimes.push(performance.now() - started);
  }
  report({
    name: `permissions.decide_compound_${COMMAND.length}chars`,
    value: median(decideTimes),
    unit: "ms",
    baselineName: "parse alone",
    baselineValue: median(parseTimes),
    target: { op: "<", value: 1, on: "value" },
    note: `${iterations} decisions; p95 ${decideTimes.sort((a, b) => a - b)[Math.floor(iterations * 0.95)].toFixed(3)} ms`,
  });
  report({
    name: "permissions.parser_first_load",
    value: loadMs,
    unit: "ms",
    note: "once per process, before the first bash call",
  });
  rmSync(root, { recursive: true, force: true });
} catch (error) {
  reportFailure("permissions.decide", error);
}
