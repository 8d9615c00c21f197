// Runs the built binary in print mode with scripted bash calls; prints each tool result on the wire.
// usage: npx tsx drive.mts <mode: auto|default|plan> <file with one bash command per line>
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { makeTempHome, runAgenix } from "/work/wt/audit-a/test/support/cli.ts";
import { startLlmServer } from "/work/wt/audit-a/test/support/llm-server.ts";
import { openaiEnv } from "/work/wt/audit-a/test/e2e/helpers.ts";

const [mode, file] = process.argv.slice(2);
const home = await makeTempHome();
const server = await startLlmServer();
const tmp = path.join(home.home, "tmp");
mkdirSync(tmp, { recursive: true });
mkdirSync(path.join(home.home, ".ssh"), { recursive: true });
writeFileSync(path.join(home.home, ".ssh", "id_ed25519"), "PRIVATEKEYMARKER\n");
writeFileSync(path.join(home.home, ".bashrc"), "original\n");
writeFileSync(path.join(home.workDir, ".env"), "TOKEN=ENVSECRETMARKER\n");
writeFileSync(path.join(home.workDir, "README.md"), "# hi\n");
const setup = process.env.SETUP;
if (setup) {
  const { execSync } = await import("node:child_process");
  execSync(setup.replaceAll("@HOME@", home.home), { cwd: home.workDir, stdio: "inherit", shell: "/bin/bash" });
}
const commands = readFileSync(file!, "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"))
  .map((l) => l.replaceAll("@HOME@", home.home).replaceAll("@WORK@", home.workDir));
server.push(
  ...commands.map((command, i) => ({
    text: "",
    toolCalls: [{ id: `call_${i + 1}`, name: "bash", arguments: { command } }],
  })),
  { text: "done" },
);
const env: NodeJS.ProcessEnv = { ...openaiEnv(home, server), TMPDIR: tmp };
delete env.AGENIX_SANDBOX;
if (process.env.EXTRA_ENV) Object.assign(env, JSON.parse(process.env.EXTRA_ENV));
const args = ["-p", "--permission-mode", mode!, ...(process.env.EXTRA_ARGS ? JSON.parse(process.env.EXTRA_ARGS) : []), "go"];
const result = await runAgenix(args, { cwd: home.workDir, env, timeoutMs: 120_000 });
console.log("exit", result.code, "\nstderr:", result.stderr.slice(0, 3000));
const last = server.requests.at(-1)?.body.messages ?? [];
const tools = last.filter((m: any) => m.role === "tool");
tools.forEach((m: any, i: number) => console.log(`--- [${i + 1}] ${commands[i]}\n${String(m.content).slice(0, 1500)}`));
const wire = JSON.stringify(server.requests.map((r) => r.body));
for (const secret of ["PRIVATEKEYMARKER", "ENVSECRETMARKER", "sk-test-key-123"])
  console.log(`on the wire: ${secret}: ${wire.includes(secret)}`);
console.log("bashrc:", readFileSync(path.join(home.home, ".bashrc"), "utf8").trim());
if (process.env.AFTER) {
  const { execSync } = await import("node:child_process");
  console.log(execSync(process.env.AFTER, { cwd: home.workDir, shell: "/bin/bash", encoding: "utf8" }));
}
await server.close();
if (!process.env.KEEP) await home.cleanup();
else console.log("home kept:", home.home);
