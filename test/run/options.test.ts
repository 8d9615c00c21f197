// The run options table, row by row: every key at every layer it can be given in (defaults,
// environment, user file, project file, local file, flag or SDK option), from real settings files.
// Each case sets the key in the layer under test and every lower one (each with its own value) and
// expects the value its row's order names: the highest layer, the environment for `env-wins`, all
// of them for `add-up`. A new row without samples here fails the first test.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RunConfig, resolveRunConfig } from "../../src/run/config.js";
import { type Front, RUN_OPTIONS, type RunOptionKey, type RunOptionRow } from "../../src/run/options.js";
import { ENV_ROWS, ENV_VARIABLES } from "../../src/settings/env-layer.js";
import { loadSettings } from "../../src/settings/index.js";
import { makeSettingsFixture } from "../settings/helpers.js";

type Layer = "env" | "user" | "project" | "local" | "option";
const FILES = ["user", "project", "local"] as const;

interface Sample {
  /** The value as each layer gives it (files: JSON; environment: text; option: flag or SDK value). */
  given: Partial<Record<Layer, unknown>>;
  /** The resolved value for a layer's sample. */
  expected: Partial<Record<Layer, unknown>>;
  /** What to read from the config (default: config[key]). */
  read?: (config: RunConfig) => unknown;
}

const same = (given: Partial<Record<Layer, unknown>>): Sample => ({ given, expected: given });

const SAMPLES: Record<RunOptionKey, Sample> = {
  model: same({ env: "m-env", user: "m-user", project: "m-project", local: "m-local", option: "m-flag" }),
  provider: same({
    env: "openai",
    user: "anthropic",
    project: "openai",
    local: "anthropic",
    option: "openai",
  }),
  apiKey: same({ option: "key-flag" }),
  baseUrl: same({
    env: "http://env.example",
    user: "http://user.example",
    project: "http://project.example",
    local: "http://local.example",
    option: "http://flag.example",
  }),
  maxTurns: {
    given: { env: "5", user: 6, project: 7, local: 8, option: "9" },
    expected: { env: 5, user: 6, project: 7, local: 8, option: 9 },
  },
  systemPrompt: same({ user: "p-user", project: "p-project", local: "p-local", option: "p-flag" }),
  appendSystemPrompt: same({ user: "a-user", project: "a-project", local: "a-local", option: "a-flag" }),
  reasoningEffort: {
    given: { env: "LOW", user: "medium", project: "High", local: "minimal", option: "XHIGH" },
    expected: { env: "low", user: "medium", project: "high", local: "minimal", option: "xhigh" },
  },
  permissionMode: {
    ...same({ env: "plan", user: "accept-edits", project: "default", local: "yolo", option: "plan" }),
    read: (config) => config.permissions.mode,
  },
  allow: same({ user: ["bash(u *)"], project: ["bash(p *)"], local: ["bash(l *)"], option: ["bash(f *)"] }),
  deny: same({ user: ["bash(u *)"], project: ["bash(p *)"], local: ["bash(l *)"], option: ["bash(f *)"] }),
  ask: same({ user: ["bash(u *)"], project: ["bash(p *)"], local: ["bash(l *)"], option: ["bash(f *)"] }),
  envPassThrough: same({ user: ["U_VAR"], project: ["P_VAR"], local: ["L_VAR"], option: ["F_VAR"] }),
  extensions: same({ user: ["/x/u.ts"], project: ["/x/p.ts"], local: ["/x/l.ts"], option: ["/x/f.ts"] }),
  contextFiles: same({ user: ["U.md"], project: false, local: ["L.md"], option: false }),
  autoCompact: {
    given: { env: "OFF", user: false, project: true, local: false, option: true },
    expected: { env: false, user: false, project: true, local: false, option: true },
    read: (config) => config.compaction.enabled,
  },
  contextWindow: {
    given: { env: "50_000", user: 10_000, project: 20_000, local: 30_000, option: 40_000 },
    expected: { env: 50_000, user: 10_000, project: 20_000, local: 30_000, option: 40_000 },
  },
  reserveTokens: same({ user: 100, project: 200, local: 300, option: 400 }),
  keepRecentTokens: same({ user: 100, project: 200, local: 300, option: 400 }),
  checkpoints: same({ user: false, project: true, local: false, option: true }),
  checkpointMaxFileBytes: same({ user: 100, project: 200, local: 300, option: 400 }),
  checkpointMaxFiles: same({ user: 10, project: 20, local: 30, option: 40 }),
  subagentsMaxParallel: same({ user: 1, project: 2, local: 3 }),
  exploreModel: same({ user: "e-user", project: "e-project", local: "e-local" }),
  sessionStore: same({
    env: "files:/env",
    user: "files:/user",
    project: "files:/project",
    local: "files:/local",
  }),
  requestTimeoutMs: { given: { env: "1234" }, expected: { env: 1234 } },
  promptCaching: {
    given: { user: false, project: { ttl: "1h" }, local: true, option: { cacheKey: true } },
    expected: { user: false, project: { ttl: "1h" }, local: {}, option: { cacheKey: true } },
  },
  maxBudgetUsd: {
    given: { user: 1, project: 2.5, local: 3, option: "$4" },
    expected: { user: 1, project: 2.5, local: 3, option: 4 },
  },
  fallbackModel: {
    given: { user: "u-model", project: ["p1", "p2"], local: ["l1"], option: ["f1,f2"] },
    expected: { user: ["u-model"], project: ["p1", "p2"], local: ["l1"], option: ["f1", "f2"] },
  },
  todo: same({ user: false, project: ["claude-*"], local: true }),
  webFetchMaxChars: same({ user: 100, project: 200, local: 300, option: 400 }),
  webFetchMaxDownloadBytes: same({ user: 100, project: 200, local: 300, option: 400 }),
  webFetchTimeoutMs: same({ user: 100, project: 200, local: 300, option: 400 }),
  sandbox: same({
    env: "off",
    user: "read-only",
    project: "workspace-write",
    local: "off",
    option: "read-only",
  }),
};

const fixture = makeSettingsFixture();
afterAll(() => fixture.cleanup());

/** The layers a row can be given in, lowest first, by its order. */
function layersOf(key: RunOptionKey): { layers: Layer[]; front: Front } {
  const row = RUN_OPTIONS[key];
  const front: Front = "flag" in row && row.flag ? "cli" : "sdk";
  const files = "setting" in row && row.setting ? [...FILES] : [];
  const env = "env" in row && row.env ? (["env"] as Layer[]) : [];
  const option = (front === "cli" ? "flag" in row && row.flag : "sdk" in row && row.sdk)
    ? (["option"] as Layer[])
    : [];
  if (row.order === "env-only") return { layers: env, front };
  if (row.order === "env-wins") return { layers: [...files, ...option, ...env], front };
  return { layers: [...env, ...files, ...option], front };
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

async function resolveWith(key: RunOptionKey, given: Layer[], front: Front): Promise<RunConfig> {
  const row = RUN_OPTIONS[key];
  const sample = SAMPLES[key].given;
  for (const scope of FILES) {
    const data: Record<string, unknown> = {};
    if (given.includes(scope)) setPath(data, (row as { setting: string }).setting, sample[scope]);
    fixture.write(scope, data);
  }
  const env: Record<string, string> = {};
  if (given.includes("env")) env[(row as { env: string }).env] = String(sample.env);
  const loaded = await loadSettings({ cwd: fixture.project, home: fixture.home, env, trust: true });
  expect(loaded.warnings).toEqual([]);
  const options = given.includes("option") ? { [key]: sample.option } : {};
  return resolveRunConfig({ front, options, env, loaded, workingDir: fixture.project });
}

type Case = [layer: Layer | "default", key: RunOptionKey, given: Layer[], front: Front];
const cases = (Object.keys(RUN_OPTIONS) as RunOptionKey[]).flatMap((key): Case[] => {
  const { layers, front } = layersOf(key);
  return [
    ["default", key, [], front],
    ...layers.map((layer, i): Case => [layer, key, layers.slice(0, i + 1), front]),
  ];
});

describe("the run options table", () => {
  it("has samples for every row, and the environment layer's variables are its rows'", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(RUN_OPTIONS).sort());
    const layered = Object.values(RUN_OPTIONS)
      .filter((row) => row.order === "layers" && "env" in row && row.env)
      .map((row) => (row as { env: string }).env);
    expect(layered.sort()).toEqual(ENV_ROWS.map((r) => r.variable).sort());
    for (const row of Object.values(RUN_OPTIONS)) {
      if ("env" in row && row.env && row.order === "layers" && "setting" in row)
        expect(ENV_VARIABLES[row.setting as string]).toBe(row.env);
    }
  });

  it.each(cases)("%s layer: %s", async (_layer, key, given, front) => {
    const config = await resolveWith(key, given, front);
    const sample = SAMPLES[key];
    const actual = sample.read ? sample.read(config) : config[key as keyof RunConfig];
    const row = RUN_OPTIONS[key];
    const fallback = "defaults" in row ? row.defaults?.[front] : undefined;
    if (given.length === 0) {
      expect(actual).toEqual(fallback);
    } else if (row.order === "add-up") {
      expect(actual).toEqual(given.flatMap((layer) => sample.expected[layer] as unknown[]));
    } else {
      expect(actual).toEqual(sample.expected[given.at(-1)!]);
    }
  });
});

/** The table as docs/settings.md shows it: one line per row, generated from RUN_OPTIONS. */
function markdownTable(): string {
  const cell = (value: string | undefined) => (value ? `\`${value}\`` : "");
  const orders = {
    layers: "layers",
    "env-wins": "**variable wins**",
    "add-up": "lists add up",
    "env-only": "variable only",
  };
  const lines = [
    "| option | flag | SDK option | settings key | variable | order | default (CLI / SDK) | note |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const [key, row] of Object.entries(RUN_OPTIONS)) {
    const r = row as RunOptionRow<unknown>;
    const defaults = r.defaults
      ? `${JSON.stringify(r.defaults.cli)} / ${JSON.stringify(r.defaults.sdk)}`
      : "";
    lines.push(
      `| ${key} | ${cell(r.flag)} | ${cell(r.sdk)} | ${cell(r.setting)} | ${cell(r.env)} | ${orders[r.order]} | ${defaults} | ${r.note ?? ""} |`,
    );
  }
  return lines.join("\n");
}

describe("docs/settings.md", () => {
  it("shows the run options table as it is (regenerate: AGENIX_WRITE_DOCS=1 npx vitest run test/run/options.test.ts)", () => {
    const file = path.join(import.meta.dirname, "../../docs/settings.md");
    const text = readFileSync(file, "utf8");
    const start = text.indexOf("<!-- run-options:start -->\n");
    const end = text.indexOf("<!-- run-options:end -->");
    expect(start).toBeGreaterThan(0);
    const current = text.slice(start + "<!-- run-options:start -->\n".length, end).trim();
    if (process.env.AGENIX_WRITE_DOCS === "1" && current !== markdownTable()) {
      writeFileSync(
        file,
        `${text.slice(0, start)}<!-- run-options:start -->\n${markdownTable()}\n${text.slice(end)}`,
      );
      return;
    }
    expect(current).toBe(markdownTable());
  });
});
