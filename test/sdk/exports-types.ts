// Compiled by `npm run typecheck`, never run: the SDK's public names have the types users write
// against. A name that two modules export (the way `export *` once silently dropped the SDK's own
// CreateSessionOptions) makes one of the @ts-expect-error lines below stop failing, which fails the
// typecheck.
import { z } from "zod";
import {
  type AgentSession,
  builtinTools,
  type CreateSessionOptions,
  createSession,
  defineTool,
  type NewSessionOptions,
  type SessionData,
  type SessionManager,
  ToolError,
} from "../../src/sdk.js";

const shout = defineTool({
  name: "shout",
  description: "Upper-cases a text.",
  schema: z.object({ text: z.string() }),
  async execute({ text }) {
    if (text === "") throw new ToolError("text is empty");
    return { content: text.toUpperCase() };
  },
});

export async function openWithEveryOption(manager: SessionManager): Promise<AgentSession> {
  const options: CreateSessionOptions = {
    apiKey: "sk-test",
    baseUrl: "http://127.0.0.1:1/v1",
    provider: "openai",
    model: "gpt-4o",
    systemPrompt: "Be brief.",
    workingDir: ".",
    maxTurns: 3,
    sessionId: "20240101_120000",
    sessionManager: manager,
    save: false,
    metadata: { name: "typed", tags: ["sdk"] },
    tools: [...builtinTools(), shout],
    onNotice: (notice) => void notice.text,
  };
  return createSession(options);
}

export async function newSessionData(manager: SessionManager): Promise<SessionData> {
  const options: NewSessionOptions = { workingDir: "/tmp", model: "gpt-4o", metadata: { name: "data" } };
  return manager.createSessionData(options);
}

// The SDK's options are not the storage layer's, and the other way round.
// @ts-expect-error `extra` belongs to SessionManager.createSessionData, not createSession
export const wrongForSdk: CreateSessionOptions = { extra: {} };
// @ts-expect-error `apiKey` belongs to createSession, not SessionManager.createSessionData
export const wrongForManager: NewSessionOptions = { workingDir: "/tmp", model: "gpt-4o", apiKey: "k" };
