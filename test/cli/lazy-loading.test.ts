// Commands load only what they use: the terminal UI (Ink, React) never loads outside interactive
// mode, and print mode loads only the provider SDK in use. Proven by recording every module the
// real binary loads.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { assertFreshBuild, binPath, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const recorder = path.resolve(import.meta.dirname, "../support/record-modules.mjs");

/** Runs agenix with the module recorder; resolves to the bundle chunks it loaded (file names). */
function loadedChunks(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const log = path.join(home.home, `modules-${Math.random().toString(36).slice(2)}.log`);
  return new Promise((resolve, reject) => {
    assertFreshBuild();
    const child = spawn(process.execPath, ["--import", recorder, binPath, ...args], {
      cwd: home.workDir,
      env: { ...home.env, ...extraEnv, AGENIX_TEST_MODULE_LOG: log },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`agenix ${args.join(" ")} exited ${code}: ${stderr}`));
      const urls = readFileSync(log, "utf8").trim().split("\n");
      resolve(urls.filter((u) => u.includes("/dist/bin/")).map((u) => path.basename(new URL(u).pathname)));
    });
  });
}

/** The interactive entry's chunk, or any chunk carrying Ink (its raw-mode error text is unique to it). */
const isInteractiveUi = (chunk: string) =>
  chunk.startsWith("start-") ||
  readFileSync(
    path.join(path.dirname(binPath), chunk === "agenix.js" ? "" : "chunks", chunk),
    "utf8",
  ).includes("Raw mode is not supported");

it("--version and sessions list never load the interactive UI", async () => {
  for (const args of [["--version"], ["sessions", "list"]]) {
    const chunks = await loadedChunks(args);
    expect(chunks).toContain("agenix.js");
    expect(chunks.filter(isInteractiveUi), args.join(" ")).toEqual([]);
  }
});

it("print mode loads the OpenAI SDK only, and no UI", async () => {
  server.push({ text: "hello" });
  const chunks = await loadedChunks(["hi"], {
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: server.openaiBaseUrl,
  });
  expect(server.requests).toHaveLength(1);
  expect(chunks.some((c) => c.startsWith("openai-"))).toBe(true);
  expect(chunks.filter((c) => c.startsWith("anthropic-") || isInteractiveUi(c))).toEqual([]);
});
