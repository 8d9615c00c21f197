// The SDK's subagents: which definitions a session's `task` tool offers when createSession is asked
// for them (the CLI reads the same folders through its customization).

import { mergeAgents } from "./agent/agent-definition.js";
import type { PermissionMode } from "./permissions/types.js";
import type { AgentDefinition } from "./settings/agent-definitions.js";
import { discoverAgents } from "./settings/agent-definitions.js";
import type { LoadedSettings } from "./settings/load.js";
import { homeDir } from "./settings/paths.js";

/** A subagent given in code: as a definition file's frontmatter and body. */
export interface SdkAgentDefinition {
  name: string;
  description: string;
  /** The subagent's system prompt. */
  prompt: string;
  /** Tool names (a subset of the session's); default: all of them but `task`. */
  tools?: string[];
  /** Default: the session's model. */
  model?: string;
  /** Only narrows the session's mode. */
  permissionMode?: PermissionMode;
}

/**
 * The definitions of the agents folders (~/.agenix/agents, .claude/agents, .agenix/agents; not read
 * when settings files are off), then the given ones, which win by name. The built-in general and
 * explore agents are added by the assembly line.
 */
export async function sdkAgentDefinitions(
  agents: true | SdkAgentDefinition[],
  loaded: LoadedSettings,
  readFolders: boolean,
  env: NodeJS.ProcessEnv,
): Promise<AgentDefinition[]> {
  const found = readFolders
    ? (
        await discoverAgents({
          home: homeDir({ home: env.HOME }),
          projectRoot: loaded.projectRoot,
          trusted: loaded.trusted,
        })
      ).agents
    : [];
  const given = agents === true ? [] : agents.map((agent) => ({ ...agent, scope: "user" as const }));
  return mergeAgents(found, given);
}
