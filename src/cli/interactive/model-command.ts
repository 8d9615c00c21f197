// `/model`: with an id, switch model for the next turns (a switch to the other provider leaves that
// provider's --base-url and --api-key behind: see run/choose-model.ts); without one, a picker of the
// known models from the price catalog, the current one marked.
import type { CommandResult } from "./commands.js";
import type { ChatSession } from "./types.js";

export interface ModelChoice {
  id: string;
  label: string;
  current: boolean;
}

/** The picker's rows: known models (current first if the catalog lacks it), labelled with provider and context. */
export async function modelChoices(current: string): Promise<ModelChoice[]> {
  const { knownModels } = await import("../../analysis/model-catalog.js");
  const known = knownModels();
  const rows = known.map((m) => ({
    id: m.id,
    label: `${m.id}  ${m.provider}${m.context_window ? ` · ${Math.round(m.context_window / 1000)}k context` : ""}${m.name !== m.id ? ` · ${m.name}` : ""}`,
    current: m.id === current,
  }));
  if (!rows.some((r) => r.current))
    rows.unshift({ id: current, label: `${current}  (not in the price catalog)`, current: true });
  return rows;
}

export async function modelCommand(args: string[], session: ChatSession): Promise<CommandResult> {
  if (args.length === 0) return { action: { type: "model-picker" } };
  if (args.length !== 1)
    return { output: "Usage: /model [id]  (no id: pick from the known models)", tone: "error" };
  const model = args[0]!;
  const before = session.model;
  await session.setModel(model);
  return { output: `Model: ${model} (was ${before}; for the next turns, saved in the session)` };
}
