// The house rules as a test that fails CI: which folder of src/ may import which.
// See docs/architecture.md. A rule broken here is a design change: change the rule on purpose.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

interface ImportRef {
  file: string; // relative to src/, e.g. "agent/loop.ts"
  spec: string; // as written
  target: string; // resolved path relative to src/ without extension, or the package name
  typeOnly: boolean;
  /** `await import("...")`: loaded when first used, not with the importing module. */
  lazy: boolean;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

const IMPORT_RE =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(full: string): ImportRef[] {
  const text = readFileSync(full, "utf8");
  const file = path.relative(SRC, full).split(path.sep).join("/");
  const refs: ImportRef[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[3] ?? m[4];
    const typeOnly = Boolean(m[2]);
    let target = spec;
    if (spec.startsWith(".")) {
      target = path
        .relative(SRC, path.resolve(path.dirname(full), spec))
        .split(path.sep)
        .join("/")
        .replace(/\.(js|ts|tsx)$/, "");
    }
    refs.push({ file, spec, target, typeOnly, lazy: m[4] !== undefined });
  }
  return refs;
}

const ALL = walk(SRC).flatMap(importsOf);
const ours = (ref: ImportRef) => ref.spec.startsWith(".");
const under = (folder: string) => (p: string) => p === folder || p.startsWith(`${folder}/`);
const FS = new Set(["fs", "node:fs", "fs/promises", "node:fs/promises"]);
const UI = /^(ink|react|react\/|ink-|marked|marked-terminal)/;
const VENDOR_SDK = /^(openai|@anthropic-ai\/)/;

function violations(from: (file: string) => boolean, bad: (ref: ImportRef) => boolean): string[] {
  return ALL.filter((ref) => from(ref.file) && bad(ref)).map((ref) => `${ref.file} imports ${ref.spec}`);
}

/** The loop and AgentSession: all of agent/ (wiring it to the outside is run/'s job). */
const isLoop = under("agent");

describe("layering", () => {
  it("finds the source files and their imports", () => {
    expect(ALL.length).toBeGreaterThan(100);
    expect(ALL.some((r) => r.file === "agent/loop.ts")).toBe(true);
  });

  it("messages/ is the ground floor: it imports nothing of ours outside itself", () => {
    expect(violations(under("messages"), (r) => ours(r) && !under("messages")(r.target))).toEqual([]);
  });

  it("the loop imports no fs, UI, vendor SDK, storage, CLI or provider implementation", () => {
    expect(
      violations(
        isLoop,
        (r) =>
          FS.has(r.spec) ||
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) &&
            (under("sessions")(r.target) ||
              under("cli")(r.target) ||
              (under("providers")(r.target) && r.target !== "providers/types"))),
      ),
    ).toEqual([]);
  });

  it("storage imports no agent, provider, tool, UI or CLI module", () => {
    expect(
      violations(
        under("sessions"),
        (r) =>
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) && ["agent", "providers", "tools", "cli"].some((f) => under(f)(r.target))),
      ),
    ).toEqual([]);
  });

  it("providers import no storage, tool, agent or CLI module", () => {
    expect(
      violations(
        under("providers"),
        (r) => ours(r) && ["sessions", "tools", "agent", "cli"].some((f) => under(f)(r.target)),
      ),
    ).toEqual([]);
  });

  it("analysis and redaction import no agent, provider, tool or CLI module", () => {
    expect(
      violations(
        (f) => under("analysis")(f) || under("redact")(f),
        (r) => ours(r) && ["agent", "providers", "tools", "cli"].some((f) => under(f)(r.target)),
      ),
    ).toEqual([]);
  });

  it("history imports only messages, sessions, analysis and redaction (no agent, provider, tool or CLI)", () => {
    expect(
      violations(
        under("history"),
        (r) =>
          VENDOR_SDK.test(r.spec) ||
          (ours(r) &&
            ["agent", "providers", "tools", "cli", "settings", "extensions"].some((f) => under(f)(r.target))),
      ),
    ).toEqual([]);
  });

  it("settings import no agent, provider, tool, storage, UI or CLI module", () => {
    expect(
      violations(
        under("settings"),
        (r) =>
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) && ["agent", "providers", "tools", "sessions", "cli"].some((f) => under(f)(r.target))),
      ),
    ).toEqual([]);
  });

  it("extensions/ (runner, loader, MCP) import no storage, provider, CLI or UI module", () => {
    expect(
      violations(
        under("extensions"),
        (r) =>
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) && ["sessions", "providers", "cli"].some((f) => under(f)(r.target))),
      ),
    ).toEqual([]);
  });

  it("permissions/ imports no storage, provider, CLI or UI module, of the tools only the built-in list (their declarations), of the agent only its authorize types", () => {
    expect(
      violations(
        under("permissions"),
        (r) =>
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) &&
            (["sessions", "providers", "cli"].some((f) => under(f)(r.target)) ||
              (under("tools")(r.target) && r.target !== "tools/registry") ||
              (under("agent")(r.target) && !(r.target === "agent/authorize" && r.typeOnly)))),
      ),
    ).toEqual([]);
  });

  it("checkpoints/ imports no provider, tool, CLI or UI module; of sessions only paths, of the agent only the keeper types", () => {
    expect(
      violations(
        under("checkpoints"),
        (r) =>
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) &&
            (["providers", "tools", "cli", "extensions"].some((f) => under(f)(r.target)) ||
              (under("sessions")(r.target) && r.target !== "sessions/paths") ||
              (under("agent")(r.target) && !(r.target === "agent/checkpoint-keeper" && r.typeOnly)))),
      ),
    ).toEqual([]);
  });

  it("the loop and AgentSession know extensions only through agent/hooks.ts (no runner, loader or MCP import)", () => {
    expect(violations(isLoop, (r) => ours(r) && under("extensions")(r.target))).toEqual([]);
  });

  it("sandbox/ imports no agent, provider, storage, settings, extension, UI or CLI module (tools: only its shell types)", () => {
    expect(
      violations(
        under("sandbox"),
        (r) =>
          UI.test(r.spec) ||
          VENDOR_SDK.test(r.spec) ||
          (ours(r) &&
            (["agent", "providers", "sessions", "settings", "extensions", "cli"].some((f) =>
              under(f)(r.target),
            ) ||
              (under("tools")(r.target) && !(r.typeOnly && r.target === "tools/shell-handle")))),
      ),
    ).toEqual([]);
  });

  it("run/ (the assembly line) is used only by the SDK (sdk*.ts), the CLI and acp/, and imports no CLI or UI", () => {
    expect(
      violations(
        // The SDK front end is sdk.ts and the files it was split into (sdk-options.ts, sdk-runtime.ts, ...).
        (f) => !under("run")(f) && !/^sdk(-[a-z-]+)?\.ts$/.test(f) && !under("cli")(f) && !under("acp")(f),
        (r) => ours(r) && under("run")(r.target),
      ),
    ).toEqual([]);
    expect(violations(under("run"), (r) => UI.test(r.spec) || (ours(r) && under("cli")(r.target)))).toEqual(
      [],
    );
  });

  it("acp/ (the editor front end) is loaded only lazily by the CLI, and imports no CLI or UI", () => {
    expect(
      violations(
        (f) => !under("acp")(f),
        (r) => ours(r) && under("acp")(r.target) && !(under("cli")(r.file) && r.lazy),
      ),
    ).toEqual([]);
    expect(violations(under("acp"), (r) => UI.test(r.spec) || (ours(r) && under("cli")(r.target)))).toEqual(
      [],
    );
    // The ACP SDK is loaded only by acp/.
    expect(
      violations(
        (f) => !under("acp")(f),
        (r) => r.spec.startsWith("@agentclientprotocol/"),
      ),
    ).toEqual([]);
  });

  it("nothing outside cli/ imports the CLI", () => {
    expect(
      violations(
        (f) => !under("cli")(f),
        (r) => ours(r) && under("cli")(r.target),
      ),
    ).toEqual([]);
  });

  it("UI libraries are imported only by the interactive CLI (marked also renders HTML exports)", () => {
    const htmlExport = (f: string, r: ImportRef) => under("history/export")(f) && r.spec === "marked";
    expect(
      violations(
        (f) => !under("cli/interactive")(f),
        (r) => UI.test(r.spec) && !htmlExport(r.file, r),
      ),
    ).toEqual([]);
  });
});
