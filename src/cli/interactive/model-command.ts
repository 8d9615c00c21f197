// `/model`: with an id, switch model for the next turns (a switch to the other provider leaves that
// provider's --base-url and --api-key behind: see run/choose-model.ts); without one, a picker of the
// server's own models (custom --base-url) and the known models from the price catalog, the current
// one marked.
import type { CommandResult } from "./commands.js";
import type { ChatSession } from "./types.js";

export interface ModelChoice {
  id: string;
  label: string;
  current: boolean;
}

/** Model ids longer than this are not padded: the other columns start after the longest id up to it. */
const ID_COLUMN_MAX = 40;

/**
 * The picker's rows: the server's own models first (a custom --base-url: what `GET /models` lists),
 * then the known models of the price catalog labelled with provider and context; the current one is
 * marked (first if neither lists it). Ids are padded so the other columns line up.
 */
export async function modelChoices(current: string, server?: ServerModels): Promise<ModelChoice[]> {
  const { knownModels } = await import("../../analysis/model-catalog.js");
  const known = knownModels();
  const fromServer = server?.ids ?? [];
  const listed = new Set(fromServer);
  const catalog = known.filter((m) => !listed.has(m.id));
  const width = Math.min(
    ID_COLUMN_MAX,
    Math.max(current.length, ...fromServer.map((id) => id.length), ...catalog.map((m) => m.id.length)),
  );
  const column = (id: string) => id.padEnd(width);
  const rows = [
    ...fromServer.map((id) => ({ id, label: `${column(id)}  ${server!.host}`, current: id === current })),
    ...catalog.map((m) => ({
      id: m.id,
      label: `${column(m.id)}  ${m.provider}${m.context_window ? ` · ${Math.round(m.context_window / 1000)}k context` : ""}${m.name !== m.id ? ` · ${m.name}` : ""}`,
      current: m.id === current,
    })),
  ];
  if (!rows.some((r) => r.current))
    rows.unshift({ id: current, label: `${column(current)}  (not in the price catalog)`, current: true });
  return rows;
}

export interface ServerModels {
  /** Where they came from, as shown in the picker (`localhost:11434`). */
  host: string;
  ids: string[];
}

/**
 * What an OpenAI-compatible server says it serves (`GET <base>/models`, as Ollama, LM Studio,
 * llama.cpp and vLLM answer it); undefined when it does not answer within `timeoutMs`.
 */
export async function listServerModels(
  baseUrl: string,
  apiKey?: string,
  timeoutMs = 3_000,
): Promise<ServerModels | undefined> {
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, "")}/models`, {
      headers: { accept: "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    const ids = (Array.isArray(body.data) ? body.data : [])
      .map((m) => m?.id)
      .filter((id): id is string => typeof id === "string" && id !== "");
    return ids.length > 0 ? { host: new URL(baseUrl).host, ids } : undefined;
  } catch {
    return undefined;
  }
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
