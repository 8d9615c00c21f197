// A seccomp filter that keeps sandboxed commands off the host's Unix sockets. bubblewrap's own
// network namespace cuts TCP/UDP, but a Unix socket is a file: a command could connect to a tmux
// server, an ssh or gpg agent or docker.sock and have it run something outside the sandbox. The filter
// makes socket(AF_UNIX, ...) fail with EPERM (socketpair, which only connects a process to itself, is
// kept: Node and Python need it), refuses io_uring (it can open sockets past seccomp) and kills a
// process of a foreign architecture (32-bit calls would get past a 64-bit filter).
// When domains are allowed, the supervisor reaches the filtering proxy through a Unix socket, so
// that sandbox runs without the filter (docs/sandbox.md says so).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SandboxPolicy } from "./config.js";

const AF_UNIX = 1;
const EPERM = 1;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;
const RET_KILL_PROCESS = 0x80000000;
const X32_SYSCALL_BIT = 0x40000000;
const IO_URING_SETUP = 425;

/** The audit architecture and socket() number of each architecture Node runs on that we filter. */
const ARCHES: Record<string, { audit: number; socket: number; x32?: boolean }> = {
  x64: { audit: 0xc000003e, socket: 41, x32: true },
  arm64: { audit: 0xc00000b7, socket: 198 },
};

type Insn = { code: number; k: number; jt?: string; jf?: string; label?: string };

const ld = (offset: number): Insn => ({ code: 0x20, k: offset }); // BPF_LD | BPF_W | BPF_ABS
const jeq = (k: number, jt: string | undefined, jf: string | undefined): Insn => ({ code: 0x15, k, jt, jf });
const jge = (k: number, jt: string | undefined, jf: string | undefined): Insn => ({ code: 0x35, k, jt, jf });
const ret = (k: number, label: string): Insn => ({ code: 0x06, k, label });

/** The filter as the kernel reads it (struct sock_filter[]), or undefined for another architecture. */
export function unixSocketFilter(arch: string = process.arch): Buffer | undefined {
  const a = ARCHES[arch];
  if (!a) return undefined;
  // seccomp_data: nr at 0, arch at 4, args[0] at 16 (its low 32 bits, little-endian).
  const program: Insn[] = [
    ld(4),
    jeq(a.audit, undefined, "kill"),
    ld(0),
    ...(a.x32 ? [jge(X32_SYSCALL_BIT, "kill", undefined)] : []),
    jeq(IO_URING_SETUP, "deny", undefined),
    jeq(a.socket, undefined, "allow"),
    ld(16),
    jeq(AF_UNIX, "deny", "allow"),
    ret(RET_ALLOW, "allow"),
    ret(RET_ERRNO | EPERM, "deny"),
    ret(RET_KILL_PROCESS, "kill"),
  ];
  const at = new Map(program.flatMap((insn, i) => (insn.label ? [[insn.label, i] as const] : [])));
  const out = Buffer.alloc(program.length * 8);
  program.forEach((insn, i) => {
    const jump = (label: string | undefined) => (label === undefined ? 0 : at.get(label)! - i - 1);
    out.writeUInt16LE(insn.code, i * 8);
    out.writeUInt8(jump(insn.jt), i * 8 + 2);
    out.writeUInt8(jump(insn.jf), i * 8 + 3);
    out.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  return out;
}

/** Where the filter is kept: a folder of agenix's that every sandbox hides (so none can change it). */
export function socketFilterDir(home: string): string {
  return path.join(home, ".agenix", "sandbox");
}

/**
 * bubblewrap with the filter on fd 3 (a shell opens the file and execs bwrap, so the pid and signals
 * are bwrap's), or bwrap as it is when the policy has no filter (domains allowed, another
 * architecture).
 */
export function withSocketFilter(
  policy: SandboxPolicy,
  bwrap: string,
  args: readonly string[],
): { command: string; args: string[] } {
  const filter = policy.networkAllow.length === 0 ? unixSocketFilter() : undefined;
  if (!filter) return { command: bwrap, args: [...args] };
  const file = writeFilter(socketFilterDir(policy.home), filter);
  return { command: "/bin/sh", args: ["-c", 'exec "$@" 3<"$0"', file, bwrap, "--seccomp", "3", ...args] };
}

function writeFilter(dir: string, filter: Buffer): string {
  const file = path.join(dir, `no-unix-sockets-${process.arch}.bpf`);
  try {
    if (readFileSync(file).equals(filter)) return file;
  } catch {
    // not written yet
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, filter, { mode: 0o600 });
  renameSync(temp, file);
  return file;
}
