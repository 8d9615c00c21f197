// Finding a local OpenAI-compatible server when no API key is set: Ollama (11434), LM Studio (1234)
// and llama.cpp (8080) answer `GET /v1/models`. All are asked at once, each for at most 300 ms.
export interface LocalServer {
  name: string;
  /** The OpenAI base URL, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** Model ids in the server's order. */
  models: string[];
}

export const DEFAULT_LOCAL_SERVERS: { name: string; port: number }[] = [
  { name: "Ollama", port: 11434 },
  { name: "LM Studio", port: 1234 },
  { name: "llama.cpp", port: 8080 },
];

const PROBE_TIMEOUT_MS = 300;

/**
 * The ports to probe. AGENIX_LOCAL_PROBE_PORTS overrides the defaults (tests, unusual setups):
 * a comma-separated list of `port` or `name=port`; empty disables probing.
 */
export function localServerCandidates(
  env: Record<string, string | undefined>,
): { name: string; port: number }[] {
  const raw = env.AGENIX_LOCAL_PROBE_PORTS;
  if (raw === undefined) return DEFAULT_LOCAL_SERVERS;
  const known = new Map(DEFAULT_LOCAL_SERVERS.map((s) => [s.port, s.name]));
  return raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const [name, portText] = part.includes("=") ? part.split("=", 2) : [undefined, part];
      const port = Number(portText);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return [];
      return [{ name: name?.trim() || known.get(port) || `local server on port ${port}`, port }];
    });
}

async function probe(candidate: { name: string; port: number }): Promise<LocalServer | undefined> {
  const baseUrl = `http://127.0.0.1:${candidate.port}/v1`;
  try {
    const response = await fetch(`${baseUrl}/models`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    if (!Array.isArray(body?.data)) return undefined;
    const models = body.data
      .map((m) => m?.id)
      .filter((id): id is string => typeof id === "string" && id !== "");
    return { name: candidate.name, baseUrl, models };
  } catch {
    return undefined;
  }
}

/** The first candidate (in list order) that answers with at least one model, or undefined. */
export async function probeLocalServers(
  env: Record<string, string | undefined>,
): Promise<LocalServer | undefined> {
  const results = await Promise.all(localServerCandidates(env).map(probe));
  return results.find((server) => server !== undefined && server.models.length > 0);
}
