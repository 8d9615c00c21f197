// Shared pieces of the compaction end-to-end tests: long user messages, a waiter on the scripted
// server's requests (no sleeps), and what a request holds.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import type { LlmServer, RecordedRequest } from "../support/llm-server.js";

/** A user message of about `chars` characters, numbered so each is recognisable in requests. */
export function longMessage(n: number, chars = 4_000): string {
  const filler = "lorem ipsum dolor sit amet ".repeat(Math.ceil(chars / 27)).slice(0, chars);
  return `turn ${n}: ${filler}`;
}

/** Resolves with the first request (already received or future) that matches. */
export function waitForRequest(
  server: LlmServer,
  match: (request: RecordedRequest) => boolean,
): Promise<RecordedRequest> {
  const found = server.requests.find(match);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const push = server.requests.push.bind(server.requests);
    server.requests.push = (...items) => {
      const hit = items.find(match);
      if (hit) {
        server.requests.push = push;
        resolve(hit);
      }
      return push(...items);
    };
  });
}

/** True for a summary request (the summarizer's own system prompt). */
export function isSummaryRequest(request: RecordedRequest): boolean {
  const body = request.body;
  const raw = request.api === "anthropic" ? body.system : body.messages?.[0]?.content;
  // Anthropic with prompt caching: one text block carrying the breakpoint.
  const system = Array.isArray(raw) ? raw.map((b: { text?: string }) => b.text ?? "").join("") : raw;
  return typeof system === "string" && system.startsWith("You write handover notes");
}

/** The texts of a request's messages (OpenAI: without the system message), for assertions. */
export function requestTexts(request: RecordedRequest): string[] {
  const messages = request.body.messages as { role: string; content: unknown }[];
  return messages
    .filter((m) => m.role !== "system")
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((b: { text?: string; content?: string }) => b.text ?? b.content ?? "").join("\n")
          : String(m.content),
    );
}

/** Runs one of the spec's Python snippets (test/fixtures/python) on a session file. */
export function runSnippet(script: string, sessionFile: string): string {
  const dir = mkdtempSync(path.join(path.dirname(sessionFile), "..", "py-"));
  copyFileSync(sessionFile, path.join(dir, "session.json"));
  return execFileSync("python3", [path.resolve("test/fixtures/python", script)], {
    cwd: dir,
    encoding: "utf8",
  });
}
