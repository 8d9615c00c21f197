// Context windows from the maintained model catalog (@pydantic/genai-prices, through the generated
// model-catalog-data.ts): the window of a model, by the catalog's own match rules. Loaded on demand.

export type MatchLogic =
  | { and: MatchLogic[] }
  | { or: MatchLogic[] }
  | { contains: string }
  | { ends_with: string }
  | { equals: string }
  | { regex: string }
  | { starts_with: string };

export interface CatalogProvider {
  id: string;
  models: [MatchLogic, number][];
}

export function matches(rule: MatchLogic, model: string): boolean {
  if ("and" in rule) return rule.and.every((r) => matches(r, model));
  if ("or" in rule) return rule.or.some((r) => matches(r, model));
  if ("equals" in rule) return model === rule.equals;
  if ("starts_with" in rule) return model.startsWith(rule.starts_with);
  if ("ends_with" in rule) return model.endsWith(rule.ends_with);
  if ("contains" in rule) return model.includes(rule.contains);
  try {
    return new RegExp(rule.regex).test(model);
  } catch {
    return false;
  }
}

/**
 * The context window of `model` in tokens, or undefined when the catalog does not know it. The
 * provider in use (openai, anthropic) is searched first, then every other provider of the catalog
 * (models served through an OpenAI-compatible endpoint keep their own names).
 */
export async function catalogContextWindow(model: string, provider?: string): Promise<number | undefined> {
  const { CATALOG } = await import("./model-catalog-data.js");
  const name = model.toLowerCase();
  const ordered = [...CATALOG.filter((p) => p.id === provider), ...CATALOG.filter((p) => p.id !== provider)];
  for (const p of ordered) for (const [rule, window] of p.models) if (matches(rule, name)) return window;
  return undefined;
}
