// The task tool's orchestrator in process: at most maxParallel children at once, children's events
// relayed with their id, and every failure (unknown agent, a child that cannot start or throws) a
// tool error, never a throw.
import { describe, expect, it } from "vitest";
import { builtinAgents } from "../../src/agent/agent-definition.js";
import type { AgentEvent } from "../../src/agent/events.js";
import { type ChildSession, type SubagentEvent, Subagents } from "../../src/agent/subagents.js";

/** A child whose run waits until `release` is called; records how many run at once. */
function gatedChildren() {
  let running = 0;
  let most = 0;
  const gates: (() => void)[] = [];
  let n = 0;
  const open = async (): Promise<ChildSession> => {
    const id = `child_${++n}`;
    return {
      id,
      async *stream(text: string): AsyncGenerator<AgentEvent> {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        yield { type: "agent_end", stopReason: "end", finalText: `done: ${text}` };
      },
      close: async () => {},
    };
  };
  return { open, gates, most: () => most };
}

const request = (prompt: string, agent?: string) => ({ description: prompt, prompt, agent });
const never = new AbortController().signal;

async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setImmediate(resolve));
}

describe("Subagents", () => {
  it("runs at most maxParallel children at once; the rest wait for a slot", async () => {
    const children = gatedChildren();
    const subagents = new Subagents({
      definitions: builtinAgents(),
      maxParallel: 2,
      open: children.open,
      emit: () => {},
    });
    const runs = ["a", "b", "c"].map((p, i) => subagents.run(request(p), `call_${i}`, never));
    await until(() => children.gates.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(children.gates.length).toBe(2); // the third waits
    children.gates.shift()?.();
    await until(() => children.gates.length === 2);
    for (const gate of children.gates.splice(0)) gate();
    const outputs = await Promise.all(runs);
    expect(children.most()).toBe(2);
    expect(outputs.map((o) => o.content)).toEqual([
      "[general subagent, session child_1]\n\ndone: a",
      "[general subagent, session child_2]\n\ndone: b",
      "[general subagent, session child_3]\n\ndone: c",
    ]);
  });

  it("relays a child's events with its id, call and agent (streamed text left out)", async () => {
    const relayed: SubagentEvent[] = [];
    const subagents = new Subagents({
      definitions: builtinAgents(),
      maxParallel: 4,
      emit: (event) => relayed.push(event),
      open: async () => ({
        id: "kid",
        async *stream() {
          yield { type: "text_delta", text: "hi" } as AgentEvent;
          yield { type: "agent_end", stopReason: "end", finalText: "hi" } as AgentEvent;
        },
        close: async () => {},
      }),
    });
    await subagents.run(request("look", "explore"), "call_9", never);
    expect(relayed).toEqual([
      {
        type: "subagent",
        callId: "call_9",
        agent: "explore",
        description: "look",
        sessionId: "kid",
        event: { type: "agent_end", stopReason: "end", finalText: "hi" },
      },
    ]);
  });

  it("turns an unknown agent, a child that cannot start and a child that throws into error results", async () => {
    const make = (open: () => Promise<ChildSession>) =>
      new Subagents({ definitions: builtinAgents(), maxParallel: 1, emit: () => {}, open });
    const fine = make(async () => {
      throw new Error("unused");
    });
    const unknown = await fine.run(request("x", "nobody"), "c1", never);
    expect(unknown).toMatchObject({ isError: true });
    expect(unknown.content).toBe('Error: there is no agent named "nobody". Agents: general, explore.');

    const cannot = make(async () => {
      throw new Error("no key for anthropic");
    });
    expect((await cannot.run(request("x"), "c2", never)).content).toBe(
      "Error: the general subagent could not start: no key for anthropic",
    );

    const throws = make(async () => ({
      id: "t1",
      // biome-ignore lint/correctness/useYield: a child that fails before its first event
      async *stream(): AsyncGenerator<AgentEvent> {
        throw new Error("disk full");
      },
      close: async () => {},
    }));
    const output = await throws.run(request("x"), "c3", never);
    expect(output).toMatchObject({ isError: true });
    expect(output.content).toBe("Error: the general subagent (session t1) failed: disk full");
    // The slot was given back each time: a later run still starts.
    expect((await throws.run(request("y"), "c4", never)).content).toContain("session t1");
  });
});
