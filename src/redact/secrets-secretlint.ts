// secretlint's recommended preset, run synchronously on one string.
//
// @secretlint/core's lintSource() is async, but redaction is a pure synchronous function (it runs on
// every export and inside the SDK). The preset's scanner rules are synchronous (their `file` handlers
// only run regexes and call context.report), so we drive them through secretlint's public rule API:
// rule.create(context, options) -> { file(source) }. A test checks that this finds what lintSource finds.
// Two rules are left out on purpose: filter-comments (a `secretlint-disable` comment inside a tool output
// must not switch redaction off) and nothing else async runs because we never pass a .p12 file path.
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretRange } from "./secrets-patterns.js";

interface ReportDescriptor {
  range: readonly [number, number];
}

interface RuleHandle {
  file?: (source: unknown) => unknown;
}

interface ScannerRule {
  meta: { id: string; type: string };
  create(context: unknown, options: unknown): RuleHandle;
}

const SKIPPED_RULES = new Set(["@secretlint/secretlint-rule-filter-comments"]);

// Messages are built by the rules through a translator; we only need the ranges, so a minimal one.
function createTranslator(messages: Record<string, { en: string | ((data: unknown) => string) }>) {
  return (messageId: string, data?: unknown) => {
    const en = messages[messageId]?.en;
    return { message: typeof en === "function" ? en(data) : (en ?? messageId), messageId, data };
  };
}

interface ActiveRule {
  id: string;
  handle: RuleHandle;
}

let ruleCache: { rules: ActiveRule[]; sink: { reports: ReportDescriptor[] } } | undefined;

// Rules are created once: create() only builds a translator and normalises options. Reports go to a
// sink that is emptied for every text, so nothing found in one text is ever kept for the next.
function loadRules() {
  if (ruleCache) return ruleCache;
  const sink = { reports: [] as ReportDescriptor[] };
  const rules: ActiveRule[] = [];
  const context = {
    sharedOptions: {},
    createTranslator,
    report(descriptor: ReportDescriptor) {
      sink.reports.push(descriptor);
    },
    ignore() {},
  };
  const presetContext = {
    sharedOptions: {},
    registerRule(rule: ScannerRule, defaults?: { options?: unknown }) {
      if (SKIPPED_RULES.has(rule.meta.id)) return;
      rules.push({ id: rule.meta.id, handle: rule.create(context, defaults?.options ?? {}) });
    },
  };
  (recommendedPreset as unknown as { create(ctx: unknown, opts: unknown): void }).create(presetContext, {});
  ruleCache = { rules, sink };
  return ruleCache;
}

/** The ranges secretlint's recommended rules report in `text`. */
export function secretlintRanges(text: string): SecretRange[] {
  const { rules, sink } = loadRules();
  sink.reports = [];
  const source = {
    content: text,
    filePath: undefined,
    physicalFilePath: undefined,
    ext: ".txt",
    contentType: "text",
    hasBOM: false,
  };
  try {
    for (const rule of rules) {
      const result = rule.handle.file?.(source);
      // An async rule would report after we return: swallow its rejection rather than crash later.
      if (result instanceof Promise) result.catch(() => {});
    }
    return sink.reports.map((r) => ({ start: r.range[0], end: r.range[1] }));
  } finally {
    sink.reports = [];
  }
}
