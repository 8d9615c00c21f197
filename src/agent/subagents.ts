// Running subagents for the task tool: find the definition, wait for a free slot (at most
// `maxParallel` children at once), open the child session through the injected opener (the
// assembly line, run/subagents.ts), run the prompt, relay the child's events to the parent's stream
// with the child's id, and turn the child's end into the tool's result. A child that fails is an
// error result for the parent, never a throw. Pure: no files, no UI.
import type { ToolOutput } from "../tools/types.js";
import type { AgentDefinition } from "./agent-definition.js";
import type { AgentEvent, StopReason } from "./events.js";

export interface SubagentRequest {
  description: string;
  prompt: string;
  agent?: string;
}

/** What the orchestrator needs of a child session (AgentSession is one). */
export interface ChildSession {
  readonly id: string | undefined;
  stream(text: string, options: { signal?: AbortSignal }): AsyncGenerator<AgentEvent>;
  close(): Promise<void>;
}

/** A child's event, relayed into its parent's stream. */
export interface SubagentEvent {
  type: "subagent";
  /** The parent's task call. */
  callId: string;
  agent: string;
  description: string;
  /** The child's session id (undefined only before its file exists). */
  sessionId: string | undefined;
  event: AgentEvent;
}

export interface SubagentsInit {
  definitions: readonly AgentDefinition[];
  maxParallel: number;
  /** Builds the child session for a definition (its metadata names the parent and the call). */
  open(definition: AgentDefinition, callId: string, description: string): Promise<ChildSession>;
  emit(event: SubagentEvent): void;
}

export const DEFAULT_AGENT = "general";

export class Subagents {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly init: SubagentsInit) {}

  get definitions(): readonly AgentDefinition[] {
    return this.init.definitions;
  }

  async run(request: SubagentRequest, callId: string, signal: AbortSignal): Promise<ToolOutput> {
    const name = request.agent?.trim() || DEFAULT_AGENT;
    const definition = this.init.definitions.find((d) => d.name === name);
    if (!definition) {
      const names = this.init.definitions.map((d) => d.name).join(", ");
      return failure(`there is no agent named "${name}". Agents: ${names}.`);
    }
    if (!(await this.acquire(signal))) return failure("interrupted before the subagent started.");
    try {
      return await this.runChild(definition, request, callId, signal);
    } finally {
      this.release();
    }
  }

  private async runChild(
    definition: AgentDefinition,
    request: SubagentRequest,
    callId: string,
    signal: AbortSignal,
  ): Promise<ToolOutput> {
    let child: ChildSession;
    try {
      child = await this.init.open(definition, callId, request.description);
    } catch (error) {
      return failure(`the ${definition.name} subagent could not start: ${reason(error)}`);
    }
    const relay = (event: AgentEvent) =>
      this.init.emit({
        type: "subagent",
        callId,
        agent: definition.name,
        description: request.description,
        sessionId: child.id,
        event,
      });
    let end: { stopReason: StopReason; finalText: string } | undefined;
    let error: string | undefined;
    let turns = 0;
    try {
      for await (const event of child.stream(request.prompt, { signal })) {
        // Streamed text is the child's own business; its complete messages are relayed.
        if (event.type !== "text_delta") relay(event);
        if (event.type === "agent_end") end = event;
        else if (event.type === "error") error = event.error.message;
        else if (event.type === "turn_end") turns++;
      }
    } catch (thrown) {
      error = reason(thrown);
    } finally {
      await child.close().catch(() => {});
    }
    const session = `session ${child.id ?? "(not saved)"}`;
    const head = `[${definition.name} subagent, ${session}]`;
    if (end?.stopReason === "aborted" || signal.aborted)
      return { content: `${head} stopped by the user.`, isError: true, summary: "interrupted" };
    if (error !== undefined || end?.stopReason === "error" || end?.stopReason === "budget") {
      return failure(`the ${definition.name} subagent (${session}) failed: ${error ?? end?.stopReason}`);
    }
    const cut =
      end?.stopReason === "max_turns"
        ? "\n\n(The subagent stopped at its max-turns limit before finishing.)"
        : "";
    const answer = end?.finalText.trim() || "(The subagent gave no final answer.)";
    return {
      content: `${head}\n\n${answer}${cut}`,
      summary: `${definition.name}: ${turns} ${turns === 1 ? "turn" : "turns"}, ${session}`,
    };
  }

  /** Waits for a slot; false when the run was aborted while waiting. */
  private acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.running < this.init.maxParallel) {
      this.running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at !== -1) this.waiting.splice(at, 1);
        resolve(false);
      };
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        this.running++;
        resolve(true);
      };
      this.waiting.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}

function failure(text: string): ToolOutput {
  return { content: `Error: ${text}`, isError: true, summary: "failed" };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
