// ACP authentication: agenix reads its key from the environment the editor starts it with, so there
// is nothing to log in to. initialize lists no method when a key or base URL is set up; otherwise one
// per provider, naming the variable to set. session/new then answers "authentication required"
// (-32000) with what to do, and `authenticate` checks again: a base URL added to the settings files or
// a local server started meanwhile counts; a variable cannot reach a running process, so a key needs
// a restart of the agent.
import { type AuthMethod, RequestError } from "@agentclientprotocol/sdk";
import { nothingConfigured } from "../connection.js";
import { probeLocalServers } from "../providers/local-probe.js";
import { resolveRunConfig } from "../run/config.js";
import { loadSettings } from "../settings/load.js";

const HOW =
  "in the env your editor starts agenix with (Zed: agent_servers.agenix.env in settings.json), then restart the agent; or run a local OpenAI-compatible server (Ollama, LM Studio, llama.cpp)";

export const AUTH_METHODS: AuthMethod[] = [
  {
    id: "openai-api-key",
    name: "OPENAI_API_KEY",
    description: `Set OPENAI_API_KEY (OpenAI models) ${HOW}.`,
  },
  {
    id: "anthropic-api-key",
    name: "ANTHROPIC_API_KEY",
    description: `Set ANTHROPIC_API_KEY (Claude models) ${HOW}.`,
  },
];

/** Whether a key or endpoint is configured for `cwd` (environment and settings files; no probing). */
async function configured(cwd: string): Promise<boolean> {
  const env = process.env;
  try {
    const loaded = await loadSettings({ cwd, env, trust: false });
    const config = resolveRunConfig({ front: "cli", options: {}, env, loaded, workingDir: cwd });
    return !nothingConfigured(config, env);
  } catch {
    // A broken settings file is reported where it matters: by session/new.
    return true;
  }
}

/** initialize's authMethods: none when something is set up, else the variables to set. */
export async function authMethodsFor(cwd: string): Promise<AuthMethod[]> {
  return (await configured(cwd)) ? [] : AUTH_METHODS;
}

/** The "authentication required" error for a session that found no key. */
export function authRequired(message: string): RequestError {
  return RequestError.authRequired({ authMethods: AUTH_METHODS.map((m) => m.id) }, message);
}

/** `authenticate`: succeeds when a key, base URL or local server is there now. */
export async function authenticate(methodId: string, cwd: string): Promise<void> {
  const method = AUTH_METHODS.find((m) => m.id === methodId);
  if (!method) {
    throw RequestError.invalidParams(
      undefined,
      `Unknown auth method ${methodId}: expected one of ${AUTH_METHODS.map((m) => m.id).join(", ")}.`,
    );
  }
  if ((await configured(cwd)) || (await probeLocalServers(process.env))) return;
  throw authRequired(`${method.name} is not set for agenix. Set it ${HOW}.`);
}
