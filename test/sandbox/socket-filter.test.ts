// The seccomp program against Unix sockets, read back instruction by instruction (the end-to-end test
// in test/e2e/sandbox.test.ts runs it in bubblewrap).
import { describe, expect, it } from "vitest";
import type { SandboxPolicy } from "../../src/sandbox/config.js";
import { unixSocketFilter, withSocketFilter } from "../../src/sandbox/socket-filter.js";

function decode(program: Buffer) {
  const out: { code: number; jt: number; jf: number; k: number }[] = [];
  for (let i = 0; i < program.length; i += 8)
    out.push({
      code: program.readUInt16LE(i),
      jt: program.readUInt8(i + 2),
      jf: program.readUInt8(i + 3),
      k: program.readUInt32LE(i + 4),
    });
  return out;
}

/** Runs the classic-BPF program on one seccomp_data (nr, arch, args[0]) as the kernel would. */
function run(program: Buffer, data: { nr: number; arch: number; arg0?: number }): number {
  const insns = decode(program);
  const word = (offset: number) =>
    offset === 0 ? data.nr : offset === 4 ? data.arch : offset === 16 ? (data.arg0 ?? 0) : 0;
  let acc = 0;
  for (let pc = 0; pc < insns.length; pc++) {
    const { code, jt, jf, k } = insns[pc]!;
    if (code === 0x20) acc = word(k);
    else if (code === 0x15) pc += acc === k ? jt : jf;
    else if (code === 0x35) pc += acc >>> 0 >= k ? jt : jf;
    else if (code === 0x06) return k;
    else throw new Error(`unexpected instruction ${code}`);
  }
  throw new Error("fell off the end");
}

const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const KILL = 0x80000000;

describe("the Unix socket filter", () => {
  it.each([
    ["x64", 0xc000003e, 41, 53],
    ["arm64", 0xc00000b7, 198, 199],
  ])(
    "%s: socket(AF_UNIX) fails with EPERM; other families, socketpair and other calls pass",
    (arch, audit, socket, socketpair) => {
      const program = unixSocketFilter(arch)!;
      expect(run(program, { nr: socket, arch: audit, arg0: 1 })).toBe(EPERM);
      expect(run(program, { nr: socket, arch: audit, arg0: 2 })).toBe(ALLOW); // AF_INET
      expect(run(program, { nr: socket, arch: audit, arg0: 10 })).toBe(ALLOW); // AF_INET6
      expect(run(program, { nr: socketpair, arch: audit, arg0: 1 })).toBe(ALLOW);
      expect(run(program, { nr: 425, arch: audit })).toBe(EPERM); // io_uring_setup
      expect(run(program, { nr: 0, arch: audit })).toBe(ALLOW);
      expect(run(program, { nr: socket, arch: 0x40000003, arg0: 1 })).toBe(KILL); // i386
    },
  );

  it("x64: an x32 system call is killed (it would get past the 64-bit numbers)", () => {
    expect(run(unixSocketFilter("x64")!, { nr: 0x40000000 + 41, arch: 0xc000003e, arg0: 1 })).toBe(KILL);
  });

  it("no filter for an architecture it does not know, nor when domains are allowed (the proxy's socket)", () => {
    expect(unixSocketFilter("ia32")).toBeUndefined();
    const policy = { home: "/nonexistent-home", networkAllow: ["example.com"] } as SandboxPolicy;
    expect(withSocketFilter(policy, "/usr/bin/bwrap", ["--ro-bind", "/", "/"])).toEqual({
      command: "/usr/bin/bwrap",
      args: ["--ro-bind", "/", "/"],
    });
  });
});
