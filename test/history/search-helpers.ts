// Generated sessions for search tests, and the brute-force scan the index is held to.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { messageText, metadataText } from "../../src/history/search/extract.js";
import { containsAll, parseQueryText } from "../../src/history/search/query-language.js";
import type { Message, SessionData } from "../../src/messages/types.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { prng } from "../support/prng.js";

export const VOCABULARY = [
  "login",
  "token",
  "refresh",
  "flaky",
  "test",
  "deploy",
  "docker",
  "cache",
  "parser",
  "migration",
  "überprüfen",
  "naïve",
  "日本",
  "retry",
  "timeout",
  "socket",
  "schema",
  "index",
  "build",
  "lint",
];

export function sentence(rand: () => number, words = 6): string {
  return Array.from(
    { length: 1 + Math.floor(rand() * words) },
    () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)],
  ).join(rand() < 0.2 ? "\n" : " ");
}

let clock = Date.UTC(2024, 0, 1);
const stamp = () => {
  clock += 61_000;
  return `${new Date(clock).toISOString().slice(0, 19)}Z`;
};

export function randomMessages(rand: () => number, count: number): Message[] {
  const out: Message[] = [];
  while (out.length < count) {
    out.push({ role: "user", content: sentence(rand), timestamp: stamp() });
    if (rand() < 0.5) {
      const id = `call_${Math.floor(rand() * 1e9)}`;
      out.push({
        role: "assistant",
        content: [{ type: "text", text: sentence(rand) }],
        tool_calls: [{ id, name: "bash", arguments: { command: sentence(rand, 3) } }],
        model: rand() < 0.5 ? "gpt-4o" : "claude-sonnet-4",
        timestamp: stamp(),
      });
      out.push({
        role: "tool",
        tool_call_id: id,
        name: "bash",
        content: sentence(rand),
        is_error: false,
        timestamp: stamp(),
      });
    }
    out.push({
      role: "assistant",
      content: [{ type: "text", text: sentence(rand) }],
      model: "gpt-4o",
      timestamp: stamp(),
    });
  }
  return out;
}

/** Creates `n` sessions in `dirs` working directories; returns them. */
export async function makeSessions(root: string, seed: number, n: number, dirs = 3): Promise<SessionData[]> {
  const rand = prng(seed);
  const manager = new SessionManager({ dir: root });
  const made: SessionData[] = [];
  for (let i = 0; i < n; i++) {
    const data = await manager.createSessionData({
      workingDir: `/tmp/search-project-${i % dirs}`,
      model: "gpt-4o",
      metadata: rand() < 0.3 ? { name: sentence(rand, 3), tags: [VOCABULARY[i % 5]!] } : {},
    });
    data.messages.push(...randomMessages(rand, 2 + Math.floor(rand() * 8)));
    await manager.saveSession(data);
    made.push(data);
  }
  return made;
}

export interface Found {
  id: string;
  message_index: number | null;
}

/** Every (session, message) matching the query, by reading every file. */
export function bruteForce(
  root: string,
  text: string,
  filter: (m: Message | null, s: SessionData) => boolean = () => true,
): Found[] {
  const { words, phrases } = parseQueryText(text);
  const found: Found[] = [];
  for (const folder of readdirSync(root)) {
    if (folder.startsWith(".")) continue;
    for (const file of readdirSync(path.join(root, folder))) {
      if (!file.endsWith(".json") || file.startsWith(".")) continue;
      const data: SessionData = JSON.parse(readFileSync(path.join(root, folder, file), "utf8"));
      data.messages.forEach((m, i) => {
        if (filter(m, data) && containsAll(messageText(m), words, phrases))
          found.push({ id: data.id, message_index: i });
      });
      if (filter(null, data) && containsAll(metadataText(data), words, phrases))
        found.push({ id: data.id, message_index: null });
    }
  }
  return found;
}

export const key = (f: Found) => `${f.id}#${f.message_index}`;
