// The sandbox's pure parts: settings resolution, domain patterns, the bubblewrap command line and
// the macOS Seatbelt profile (generated and checked here; it cannot run on Linux).
import { describe, expect, it } from "vitest";
import { SandboxConfigError } from "../../src/errors.js";
import { bwrapArgs, type PathKind } from "../../src/sandbox/bwrap-args.js";
import { resolveSandboxConfig, type SandboxPolicy } from "../../src/sandbox/config.js";
import { domainPatternProblem, hostAllowed } from "../../src/sandbox/domains.js";
import { checkDestination, isPrivateAddress } from "../../src/sandbox/proxy.js";
import { seatbeltProfile } from "../../src/sandbox/seatbelt.js";

const base = {
  env: {},
  workingDir: "/home/u/project",
  home: "/home/u",
  sessionsDir: "/home/u/.agenix/sessions",
  checkpointsDir: "/home/u/.agenix/checkpoints",
};

describe("resolveSandboxConfig", () => {
  it("defaults to workspace-write, not explicit; flag over settings", () => {
    expect(resolveSandboxConfig(base)).toMatchObject({
      mode: "workspace-write",
      modeSource: "default",
      explicit: false,
      mcp: true,
    });
    const fromFile = resolveSandboxConfig({
      ...base,
      settings: { mode: "read-only" },
      settingsModeSource: "/x/settings.json",
    });
    expect(fromFile).toMatchObject({ mode: "read-only", explicit: true, modeSource: "/x/settings.json" });
    expect(resolveSandboxConfig({ ...base, settings: { mode: "read-only" }, flag: "off" })).toMatchObject({
      mode: "off",
      modeSource: "--sandbox",
    });
  });

  it("the policy: secret folders and the sessions folder hidden, protected dirs, allowWrite only in workspace-write", () => {
    const config = resolveSandboxConfig({
      ...base,
      settings: { allowWrite: ["/opt/cache"], denyRead: ["~/private"] },
    });
    expect(config.policy).toMatchObject({
      mode: "workspace-write",
      allowWrite: ["/opt/cache"],
      protectedDirs: ["/home/u/project/.git", "/home/u/project/.agenix", "/home/u/project/.claude"],
    });
    expect(config.policy?.denyRead).toEqual(
      expect.arrayContaining([
        "/home/u/.ssh",
        "/home/u/.aws",
        "/home/u/.config/gcloud",
        "/home/u/.gnupg",
        "/home/u/.agenix/sessions",
        "/home/u/.agenix/checkpoints",
        "/home/u/.agenix/sandbox",
        "/home/u/private",
      ]),
    );
    // agenix's own folders are created before the sandbox starts, so they are hidden from the start.
    // (The sandbox folder holds the seccomp filter a later sandbox is started with: no command may change it.)
    expect(config.policy?.ownHidden).toEqual([
      "/home/u/.agenix/sessions",
      "/home/u/.agenix/checkpoints",
      "/home/u/.agenix/sandbox",
    ]);
    expect(
      resolveSandboxConfig({ ...base, settings: { allowWrite: ["/opt/cache"] }, flag: "read-only" }).policy
        ?.allowWrite,
    ).toEqual([]);
    expect(resolveSandboxConfig({ ...base, flag: "off" }).policy).toBeUndefined();
  });

  it("rejects unknown modes and malformed domains, naming where", () => {
    expect(() => resolveSandboxConfig({ ...base, flag: "strict" })).toThrow(SandboxConfigError);
    expect(() => resolveSandboxConfig({ ...base, flag: "strict" })).toThrow('invalid --sandbox "strict"');
    expect(() =>
      resolveSandboxConfig({ ...base, settings: { mode: "x" }, settingsModeSource: "AGENIX_SANDBOX" }),
    ).toThrow('invalid AGENIX_SANDBOX "x"');
    expect(() => resolveSandboxConfig({ ...base, settings: { network: { allow: ["*"] } } })).toThrow(
      "sandbox.network.allow",
    );
  });
});

describe("domain patterns", () => {
  it.each([
    ["registry.npmjs.org", undefined],
    ["*.pypi.org", undefined],
    ["localhost", undefined],
    ["10.0.0.5", undefined],
    ["https://registry.npmjs.org", "give a host name, not a URL (no scheme)"],
    ["example.com/path", "give a host name, not a URL (no path)"],
    ["example.com:443", "give a host name without a port"],
    ["*", 'a bare "*" would allow every host; name the domains'],
    ["a.*.com", 'a wildcard is only allowed as a leading "*."'],
    ["bad_host!", "expected a host name such as registry.npmjs.org or *.pypi.org"],
    ["", "it is empty"],
  ])("%j -> %j", (pattern, problem) => {
    expect(domainPatternProblem(pattern)).toBe(problem);
  });

  it("matching: exact, subdomains for *., never the bare domain or an IP by wildcard", () => {
    expect(hostAllowed("registry.npmjs.org", ["registry.npmjs.org"])).toBe("exact");
    expect(hostAllowed("Files.PyPI.org.", ["*.pypi.org"])).toBe("wildcard");
    expect(hostAllowed("pypi.org", ["*.pypi.org"])).toBeUndefined();
    expect(hostAllowed("evilpypi.org", ["*.pypi.org"])).toBeUndefined();
    expect(hostAllowed("example.com", ["registry.npmjs.org"])).toBeUndefined();
  });

  it("private and loopback addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700::1111"])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it("the proxy's verdict: a wildcard never reaches a private address; an exact name may", async () => {
    expect(await checkDestination("localhost", ["*.localhost"])).toMatchObject({ ok: false });
    expect(await checkDestination("127.0.0.1", ["127.0.0.1"])).toEqual({ ok: true, address: "127.0.0.1" });
    expect(await checkDestination("169.254.169.254", ["example.com"])).toMatchObject({
      ok: false,
      why: expect.stringContaining("not in settings sandbox.network.allow"),
    });
  });
});

const policy: SandboxPolicy = {
  mode: "workspace-write",
  workingDir: "/home/u/project",
  home: "/home/u",
  tmpDir: "/tmp",
  allowWrite: ["/opt/cache"],
  denyRead: ["/home/u/.ssh", "/home/u/.aws"],
  protectedDirs: ["/home/u/project/.git", "/home/u/project/.agenix"],
  networkAllow: [],
  ownHidden: [],
};

function pairs(args: string[], flag: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args[i + 1]!);
  });
  return out;
}

describe("bubblewrap arguments", () => {
  const existing = new Map<string, PathKind>([
    ["/tmp", "dir"],
    ["/opt/cache", "dir"],
    ["/home/u/project", "dir"],
    ["/home/u/project/.git", "dir"],
    ["/home/u/.ssh", "dir"],
    ["/home/u/project/.env", "file"],
  ]);
  const kind = (p: string) => existing.get(p);

  it("read-only root, writable project/tmp/allowWrite, then protected dirs read-only, then secrets hidden", () => {
    const args = bwrapArgs({ policy, secretFiles: ["/home/u/project/.env"], kind });
    expect(args.slice(0, 3)).toEqual(["--ro-bind", "/", "/"]);
    expect(pairs(args, "--bind")).toEqual(["/tmp", "/opt/cache", "/home/u/project"]);
    expect(pairs(args, "--ro-bind")).toEqual(["/", "/home/u/project/.git", "/dev/null"]);
    // .agenix does not exist: an empty read-only folder is mounted there, so it cannot be created.
    expect(pairs(args, "--tmpfs")).toEqual(["/home/u/project/.agenix", "/home/u/.ssh"]);
    expect(pairs(args, "--remount-ro")).toEqual(["/home/u/project/.agenix", "/home/u/.ssh"]);
    // Order: a later mount covers an earlier one, so protections come after the writable binds.
    const projectBind = args.findIndex((a, i) => a === "--bind" && args[i + 1] === "/home/u/project");
    expect(args.indexOf("/home/u/project/.git")).toBeGreaterThan(projectBind);
    expect(args).toEqual(
      expect.arrayContaining(["--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session"]),
    );
    expect(args.slice(-2)).toEqual(["--chdir", "/home/u/project"]);
  });

  it("read-only mode: the project is not bound writable, even inside the temp directory", () => {
    const inTmp = { ...policy, mode: "read-only" as const, workingDir: "/tmp/p", allowWrite: [] };
    const args = bwrapArgs({
      policy: inTmp,
      secretFiles: [],
      kind: (p) => (p === "/tmp" || p === "/tmp/p" ? "dir" : undefined),
    });
    expect(pairs(args, "--bind")).toEqual(["/tmp"]);
    expect(pairs(args, "--ro-bind")).toEqual(["/", "/tmp/p"]);
    // Nothing in the project is writable, so no protected folder needs a mount point.
    expect(pairs(args, "--tmpfs")).toEqual([]);
  });

  it("a startup probe does not guard missing protected folders (it would create their mount points)", () => {
    const args = bwrapArgs({ policy, secretFiles: [], kind, guardMissing: false });
    expect(pairs(args, "--tmpfs")).toEqual(["/home/u/.ssh"]);
  });
});

describe("Seatbelt profile (macOS; generated and checked, not run here)", () => {
  it("denies by default, reads all but secrets, writes only the allowed places, no network but the proxy", () => {
    const profile = seatbeltProfile(policy, { proxyPort: 41234 });
    expect(profile.startsWith("(version 1)\n(deny default)\n")).toBe(true);
    expect(profile).toContain("(allow file-read*)");
    expect(profile).toContain(
      '(deny file-read* file-write* (subpath "/home/u/.ssh") (subpath "/home/u/.aws"))',
    );
    expect(profile).toContain(
      '(allow file-write* (subpath "/tmp") (subpath "/opt/cache") (subpath "/home/u/project")',
    );
    expect(profile).toContain(
      '(deny file-write* (subpath "/home/u/project/.git") (subpath "/home/u/project/.agenix"))',
    );
    expect(profile).toContain("(deny network*)");
    expect(profile).toContain('(allow network-outbound (remote ip "localhost:41234"))');
    // Deny rules come after the allows they narrow (SBPL: the last matching rule wins).
    expect(profile.indexOf("(deny file-write* (subpath")).toBeGreaterThan(
      profile.indexOf("(allow file-write*"),
    );
  });
  it("read-only: no project write; quotes are escaped", () => {
    const profile = seatbeltProfile({ ...policy, mode: "read-only", allowWrite: [], workingDir: '/w/a"b' });
    expect(profile).toContain('(allow file-write* (subpath "/tmp") (literal "/dev/null")');
    expect(profile).not.toContain("network-outbound");
    expect(seatbeltProfile({ ...policy, tmpDir: '/t/"q"' })).toContain('(subpath "/t/\\"q\\"")');
  });
});
