// `agenix sandbox doctor`: each thing the sandbox needs, checked for real on this machine, with
// the exact fix for what is missing. ok only when a sandboxed command can start.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { SandboxConfig, SandboxPolicy } from "./config.js";
import { wrapInSandbox } from "./exec-wrapper.js";
import { findOnPath } from "./locate.js";
import { installFix, probeSandbox, runBwrap } from "./probe.js";
import { protectedPlaceholders, removeProtectedPlaceholders, sandboxArgs } from "./session-sandbox.js";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fixes?: string[];
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

const BASE = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--die-with-parent"];

export async function runDoctor(
  config: SandboxConfig,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): Promise<DoctorReport> {
  const checks: Check[] = [];
  const done = (): DoctorReport => ({ ok: checks.every((c) => c.ok), checks });
  if (platform !== "linux") {
    const probe = await probeSandbox(env, [], platform);
    checks.push({ name: "platform", ok: false, detail: probe.reason ?? platform, fixes: probe.fixes });
    return done();
  }
  checks.push({ name: "platform", ok: true, detail: "linux (bubblewrap)" });
  const bwrap = findOnPath("bwrap", env);
  if (!bwrap) {
    checks.push({ name: "bubblewrap", ok: false, detail: "bwrap is not on PATH", fixes: [installFix()] });
    return done();
  }
  checks.push({ name: "bubblewrap", ok: true, detail: `${bwrap} (${await bwrapVersion(bwrap)})` });
  const ns = await runBwrap(bwrap, [...BASE, "--unshare-pid"]);
  const restricted = readSysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") === "1";
  checks.push(
    ns.code === 0
      ? {
          name: "namespaces",
          ok: true,
          detail: `user and PID namespaces can be created${restricted ? " (AppArmor restricts unprivileged ones, but bwrap may)" : ""}`,
        }
      : {
          name: "namespaces",
          ok: false,
          detail: ns.stderr || `exit code ${ns.code}`,
          fixes: (await probeSandbox(env, BASE)).fixes,
        },
  );
  if (ns.code !== 0) return done();
  const net = await runBwrap(bwrap, [...BASE, "--unshare-pid", "--unshare-net"]);
  checks.push(
    net.code === 0
      ? { name: "network namespace", ok: true, detail: "private (loopback only)" }
      : { name: "network namespace", ok: false, detail: net.stderr || `exit code ${net.code}` },
  );
  if (!config.policy) {
    checks.push({ name: "mode", ok: true, detail: `off (${config.modeSource}): commands run unsandboxed` });
    return done();
  }
  const placeholders = protectedPlaceholders(config.policy);
  const mounts = await runBwrap(bwrap, sandboxArgs(config.policy));
  removeProtectedPlaceholders(placeholders);
  checks.push(
    mounts.code === 0
      ? {
          name: "mounts",
          ok: true,
          detail: `${config.mode} for ${config.policy.workingDir} (${config.modeSource})`,
        }
      : { name: "mounts", ok: false, detail: mounts.stderr || `exit code ${mounts.code}` },
  );
  if (mounts.code !== 0) return done();
  checks.push(await checkUnixSockets(config.policy, bwrap));
  checks.push(await checkProxy(config, bwrap));
  return done();
}

/** A sandboxed connect to a Unix socket path must fail before it looks for the file (EPERM, not ENOENT). */
async function checkUnixSockets(policy: SandboxPolicy, bwrap: string): Promise<Check> {
  if (policy.networkAllow.length > 0)
    return {
      name: "unix sockets",
      ok: true,
      detail:
        "not filtered while settings sandbox.network.allow lists domains (the proxy's bridge needs one)",
    };
  const script =
    "require('net').connect('/nonexistent/agenix-doctor.sock').on('error',e=>process.stdout.write(e.code))";
  const out = await runWrapped(policy, bwrap, script);
  const ok = out === "EPERM";
  return {
    name: "unix sockets",
    ok,
    detail: ok
      ? "blocked (seccomp): no server outside the sandbox can be reached through one"
      : `a sandboxed connect was not refused: ${out || "no answer"}`,
  };
}

/** Runs `node -e script` in the sandbox as an MCP server would be; its stdout and stderr, trimmed. */
async function runWrapped(policy: SandboxPolicy, bwrap: string, script: string): Promise<string> {
  const wrapped = await wrapInSandbox(policy, bwrap, process.execPath, ["-e", script]);
  try {
    return await new Promise<string>((resolve) => {
      const child = spawn(wrapped.command, wrapped.args, { stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        text += d;
      });
      child.stderr.setEncoding("utf8").on("data", (d: string) => {
        text += d;
      });
      child.on("close", () => resolve(text.trim()));
      child.on("error", (e) => resolve(e.message));
    });
  } finally {
    await wrapped.close();
  }
}

async function checkProxy(config: SandboxConfig, bwrap: string): Promise<Check> {
  const policy = config.policy!;
  const allow = policy.networkAllow;
  if (allow.length === 0)
    return {
      name: "network",
      ok: true,
      detail: "off (no settings sandbox.network.allow): nothing is reachable",
    };
  // A request for a host that is not allowed must come back 403 from our proxy, through the bridge.
  const script =
    "const u=new URL(process.env.HTTP_PROXY);const s=require('net').connect(+u.port,u.hostname,()=>s.write('CONNECT not-allowed.invalid:443 HTTP/1.1\\r\\n\\r\\n'));" +
    "s.on('data',d=>{process.stdout.write(String(d).split('\\r\\n')[0]);s.destroy()});s.on('error',e=>{process.stdout.write('error '+e.message)})";
  const out = await runWrapped(policy, bwrap, script);
  const ok = out.startsWith("HTTP/1.1 403");
  return {
    name: "filtering proxy",
    ok,
    detail: ok
      ? `allows ${allow.join(", ")}; everything else refused (HTTP CONNECT and SOCKS5)`
      : `the test request did not come back refused: ${out || "no answer"}`,
  };
}

function readSysctl(file: string): string | undefined {
  try {
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  } catch {
    return undefined;
  }
}

function bwrapVersion(bwrap: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(bwrap, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    child.on("close", () => resolve(out.trim() || "version unknown"));
    child.on("error", () => resolve("version unknown"));
  });
}
