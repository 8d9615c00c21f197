// Prompt caching: the billed input cost of a scripted 40-request Claude session (39 file reads of ~1,000
// tokens each, then an answer) with caching on, against the same session with `promptCaching: false`,
// both run by the built binary against the scripted server, which caches like the real API (5-minute
// prefixes up to a breakpoint, 1,024-token minimum). Billed input = uncached input at the input price +
// cache reads at the cache-read price + cache writes at the cache-write price (claude-sonnet-4-6:
// $3, $0.30, $3.75 per million), from the usage recorded in the session file. Target (issue 24): <= 25%.
// Needs tsx (the scripted server is TypeScript).
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startLlmServer } from "../test/support/llm-server.ts";
import { report, reportFailure } from "./lib/measure.mjs";
import { binPath, makeBenchHome } from "./lib/sessions-data.mjs";

const REQUESTS = 40;
const PRICE = { input: 3, cacheRead: 0.3, cacheWrite: 3.75 }; // USD per million, claude-sonnet-4-6

/** Runs the binary without blocking this process (the scripted server answers from it). */
function runAgenix(args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      ...options,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** Runs the session once; returns the billed input cost in USD and the token sums. */
async function billedInput(promptCaching) {
  const home = await makeBenchHome("caching");
  const server = await startLlmServer([], { promptCache: true });
  try {
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(path.join(home.home, ".agenix", "settings.json"), JSON.stringify({ promptCaching }));
    for (let i = 1; i < REQUESTS; i++) {
      const line = `part ${i}: the quick brown fox jumps over the lazy dog ${i}\n`;
      writeFileSync(path.join(home.workDir, `notes-${i}.txt`), line.repeat(Math.ceil(4_000 / line.length)));
      server.push({ toolCalls: [{ name: "read", arguments: { file_path: `notes-${i}.txt` } }] });
    }
    server.push({ text: "done" });
    const run = await runAgenix(["--model", "claude-sonnet-4-6", "read all the notes"], {
      cwd: home.workDir,
      env: { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-bench" },
    });
    if (run.code !== 0) throw new Error(`agenix exited ${run.code}: ${run.stderr}`);
    if (server.requests.length !== REQUESTS)
      throw new Error(`${server.requests.length} requests, not ${REQUESTS}`);
    const folder = path.join(home.sessionDir, readdirSync(home.sessionDir)[0]);
    const file = readdirSync(folder).find((f) => f.endsWith(".json"));
    const session = JSON.parse(readFileSync(path.join(folder, file), "utf8"));
    const sums = { prompt: 0, read: 0, write: 0 };
    for (const m of session.messages) {
      if (m.role !== "assistant") continue;
      sums.prompt += m.usage.prompt_tokens;
      sums.read += m.usage.cache_read_tokens ?? 0;
      sums.write += m.usage.cache_creation_tokens ?? 0;
    }
    const uncached = sums.prompt - sums.read - sums.write;
    const usd = (uncached * PRICE.input + sums.read * PRICE.cacheRead + sums.write * PRICE.cacheWrite) / 1e6;
    return { usd, ...sums };
  } finally {
    await server.close();
    await home.cleanup();
  }
}

try {
  const off = await billedInput(false);
  const on = await billedInput({});
  report({
    name: "caching.billed_input_40_requests",
    value: on.usd,
    unit: "USD",
    baselineName: "promptCaching: false",
    baselineValue: off.usd,
    target: { op: "<=", value: 0.25 },
    note: `${on.prompt} prompt tokens: ${on.read} read from cache, ${on.write} written; ${((on.read / on.prompt) * 100).toFixed(1)}% hit rate`,
  });
} catch (error) {
  reportFailure("caching.billed_input_40_requests", error);
  process.exitCode = 1;
}
