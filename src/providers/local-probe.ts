// Finding a local OpenAI-compatible server when no API key is set: Ollama (11434), LM Studio (1234)
// and llama.cpp (8080) answer `GET /v1/models`. All are asked at once, each for at most 300 ms.
import http from "node:http";
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

/**
 * GET a small JSON document with a deadline; undefined on any failure. node:http, not fetch: fetch's
 * lazy start-up would eat into the 300 ms. When the deadline passes, the abort waits one turn of the
 * event loop (setImmediate) so an answer that arrived while the process was busy still counts.
 */
function getJson(url: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    const request = http.get(url, { headers: { accept: "application/json" } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        finish(undefined);
        return;
      }
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        if (text.length > 1_000_000) request.destroy();
      });
      response.on("end", () => {
        try {
          finish(JSON.parse(text));
        } catch {
          finish(undefined);
        }
      });
      response.on("error", () => finish(undefined));
    });
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (done) return;
        finish(undefined);
        request.destroy();
      });
    }, timeoutMs);
    request.on("error", () => finish(undefined));
    request.on("close", () => setImmediate(() => finish(undefined)));
  });
}

async function probe(candidate: { name: string; port: number }): Promise<LocalServer | undefined> {
  const baseUrl = `http://127.0.0.1:${candidate.port}/v1`;
  const body = (await getJson(`${baseUrl}/models`, PROBE_TIMEOUT_MS)) as
    | { data?: { id?: unknown }[] }
    | undefined;
  if (!Array.isArray(body?.data)) return undefined;
  const models = body.data
    .map((m) => m?.id)
    .filter((id): id is string => typeof id === "string" && id !== "");
  return { name: candidate.name, baseUrl, models };
}

/** The first candidate (in list order) that answers with at least one model, or undefined. */
export async function probeLocalServers(
  env: Record<string, string | undefined>,
): Promise<LocalServer | undefined> {
  const results = await Promise.all(localServerCandidates(env).map(probe));
  return results.find((server) => server !== undefined && server.models.length > 0);
}
