// The rule proposed for "yes, don't ask again" (issue 20): the narrowest rule that still helps,
// none for an interpreter or a destructive command (then only the exact command, for the hint).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suggestCommandPattern } from "../../src/permissions/suggest.js";
import { decideIn, makeWorld, type World } from "./fixture.js";

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});
afterAll(() => world.cleanup());

// [command, proposed rules, exact rules for the hint when nothing is proposed]
const PROPOSALS: [string, string[], string[] | undefined][] = [
  ["python3 -m pytest -q", ["bash(python3 -m pytest *)"], undefined],
  ["python -m pip install -r requirements.txt", ["bash(python -m pip *)"], undefined],
  ["npm run test -- --watch", ["bash(npm run test *)"], undefined],
  ["npm test", ["bash(npm test *)"], undefined],
  ["yarn run build", ["bash(yarn run build *)"], undefined],
  ["uv run pytest -x", ["bash(uv run pytest *)"], undefined],
  ["npx vitest run", ["bash(npx vitest *)"], undefined],
  ["npx -y cowsay hi", ["bash(npx cowsay *)"], undefined],
  ["cargo run", ["bash(cargo run)"], undefined],
  ["curl -s example.com", ["bash(curl *)"], undefined],
  ["python3 -c 'print(1)'", [], ["bash(python3 -c print(1))"]],
  ["python3 script.py", [], ["bash(python3 script.py)"]],
  ["node server.js", [], ["bash(node server.js)"]],
  ["bash build.sh", [], ["bash(bash build.sh)"]],
  ["perl -e 1", [], ["bash(perl -e 1)"]],
  ["ruby x.rb", [], ["bash(ruby x.rb)"]],
  ["npx ./local-script.js", [], ["bash(npx ./local-script.js)"]],
  ["npm exec ./x", [], ["bash(npm exec ./x)"]],
  ["rm -rf .pytest_cache", [], ["bash(rm -rf .pytest_cache)"]],
  ["git push --force origin main", [], ["bash(git push --force origin main)"]],
  ["git push", [], ["bash(git push)"]],
  ["git reset --hard", [], ["bash(git reset --hard)"]],
  ["dd if=/dev/zero of=x", [], ["bash(dd if=/dev/zero of=x)"]],
  ["chmod -R 777 .", [], ["bash(chmod -R 777 .)"]],
  ["rm -rf *", [], undefined],
  ["sort -o out.txt in.txt", [], ["bash(sort -o out.txt in.txt)"]],
  ["git diff --output=x", [], ["bash(git diff --output=x)"]],
  ["git commit -m x", ["bash(git commit *)"], undefined],
];

describe("proposed rules", () => {
  for (const [command, suggestions, exact] of PROPOSALS) {
    it(`${command} -> ${suggestions.join(", ") || `nothing (hint: ${exact ?? "none"})`}`, () => {
      const d = decideIn(world, "default", "bash", { command });
      expect(d.behavior).toBe("ask");
      expect(d.suggestions).toEqual(suggestions);
      expect(d.exact).toEqual(exact);
    });
  }
  it("the module rule does not let the interpreter run anything else", () => {
    const allow = { allow: ["bash(python3 -m pytest *)"] };
    expect(decideIn(world, "default", "bash", { command: "python3 -m pytest -q" }, allow).behavior).toBe(
      "allow",
    );
    expect(decideIn(world, "default", "bash", { command: "python3 -c 'import os'" }, allow).behavior).toBe(
      "ask",
    );
    expect(decideIn(world, "default", "bash", { command: "python3 -m http.server" }, allow).behavior).toBe(
      "ask",
    );
  });
  it("the exact rule for a destructive command allows that command only", () => {
    const allow = { allow: ["bash(rm -rf .pytest_cache)"] };
    expect(decideIn(world, "default", "bash", { command: "rm -rf .pytest_cache" }, allow).behavior).toBe(
      "allow",
    );
    expect(decideIn(world, "default", "bash", { command: "rm -rf src" }, allow).behavior).toBe("ask");
  });
  it("a line with an interpreter offers no rule for the whole line", () => {
    const d = decideIn(world, "default", "bash", { command: "npm test && python3 -c 1" });
    expect(d.suggestions).toEqual([]);
    expect(d.exact).toEqual(["bash(npm test *)", "bash(python3 -c 1)"]);
  });
  it("keeps a subcommand for build tools, and the first word otherwise", () => {
    expect(suggestCommandPattern(["docker", "compose", "up"])).toBe("docker compose *");
    expect(suggestCommandPattern(["jq", "."])).toBe("jq *");
    expect(suggestCommandPattern(["mkfs.ext4", "/dev/x"])).toBeUndefined();
  });
});
