// Issue 5 item 7: hundreds of realistic fake secrets in many formats, embedded where sessions carry them
// (user text, tool arguments, tool outputs). After redaction no secret and no fragment of one longer
// than 4 characters may remain; ordinary code and prose must come through (almost) untouched.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Message, SessionData } from "../../src/messages/types.js";
import { redactSession, redactText } from "../../src/redact/redact.js";
import { type FakeSecret, FORMAT_COUNT, fakeSecrets } from "./fake-secrets.js";

const SECRET_COUNT = Number(process.env.AGENIX_REDACT_CORPUS ?? 240);
const HOME = "/home/tester";
const WORKDIR = "/home/tester/acme-app";

function sessionWith(secrets: FakeSecret[]): SessionData {
  const messages: Message[] = [];
  const ts = "2024-01-01T12:00:00Z";
  secrets.forEach((s, i) => {
    const where = i % 3;
    if (where === 0) {
      messages.push({
        role: "user",
        content: `Here is what I have:\n${s.text}\nWhy does it fail?`,
        timestamp: ts,
      });
      return;
    }
    const id = `call_${i}`;
    const args =
      s.argKey && where === 1 ? { [s.argKey]: s.secret, region: "eu-west-1" } : { command: s.text };
    messages.push({
      role: "assistant",
      content: [{ type: "text", text: "Let me run that." }],
      tool_calls: [{ id, name: "bash", arguments: args }],
      model: "gpt-4o",
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      timestamp: ts,
    });
    const output = where === 2 ? `$ cat ${WORKDIR}/.env\n${s.text}\n` : "ok\n";
    messages.push({
      role: "tool",
      tool_call_id: id,
      name: "bash",
      content: output,
      is_error: false,
      timestamp: ts,
    });
  });
  return {
    id: "20240101_120000",
    working_dir: WORKDIR,
    model: "gpt-4o",
    created_at: ts,
    updated_at: ts,
    metadata: { name: "corpus", tags: ["secrets"] },
    messages,
  };
}

/** Every 5-character piece of the secret that still appears in `text`. */
function leftovers(secret: string, text: string, context = ""): string[] {
  const found: string[] = [];
  for (const part of secret.split("\n")) {
    for (let i = 0; i + 5 <= part.length; i++) {
      const piece = part.slice(i, i + 5);
      // A piece that is also ordinary surrounding text (`githu` of github_pat_ and github.com) proves nothing.
      if (text.includes(piece) && !context.includes(piece)) found.push(piece);
    }
  }
  return found;
}

describe("secret corpus", () => {
  const secrets = fakeSecrets(SECRET_COUNT);

  it(`redacts all of ${SECRET_COUNT} fake secrets in ${FORMAT_COUNT} formats, leaving no 5-char fragment`, () => {
    expect(secrets.length).toBeGreaterThanOrEqual(200);
    expect(new Set(secrets.map((s) => s.format)).size).toBeGreaterThanOrEqual(15);
    const { session, redactions } = redactSession(sessionWith(secrets), { home: HOME });
    const out = JSON.stringify(session);
    const withoutSecrets = secrets.map((s) => ({ ...s, text: s.text.replace(s.secret, ""), secret: "" }));
    const context = JSON.stringify(sessionWith(withoutSecrets));
    const missed = secrets
      .map((s) => ({ format: s.format, pieces: leftovers(s.secret, out, context) }))
      .filter((m) => m.pieces.length > 0);
    const recall = (secrets.length - missed.length) / secrets.length;
    console.log(
      `redaction recall: ${(recall * 100).toFixed(1)}% (${secrets.length - missed.length}/${secrets.length}), ` +
        `${redactions} redactions`,
    );
    expect(missed.map((m) => `${m.format}: ${m.pieces.slice(0, 3).join(" ")}`)).toEqual([]);
    expect(recall).toBe(1);
  });

  it("each format on its own is redacted by redactText", () => {
    for (const s of fakeSecrets(FORMAT_COUNT, 99)) {
      const { text, count } = redactText(s.text);
      expect(count, s.format).toBeGreaterThanOrEqual(1);
      expect(leftovers(s.secret, text, s.text.replace(s.secret, "")), s.format).toEqual([]);
    }
  });
});

describe("false positives on ordinary code and prose", () => {
  const files = [
    path.resolve("test/fixtures/secrets/ordinary.py"),
    path.resolve("test/fixtures/secrets/ordinary.md"),
    path.resolve("test/fixtures/secrets/ordinary-shell.md"),
    path.resolve("node_modules/openai/README.md"),
    path.resolve("node_modules/commander/lib/command.js"),
  ];

  it("makes no redaction across the corpus", () => {
    let lines = 0;
    let total = 0;
    const where: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      lines += text.split("\n").length;
      const before = text.split("\n");
      const { text: after, count } = redactText(text);
      total += count;
      if (count > 0) {
        const changed = after.split("\n").filter((line, i) => line !== before[i]);
        where.push(`${path.basename(file)}: ${changed.join(" | ")}`);
      }
    }
    console.log(`false positives: ${total} redactions in ${lines} lines of ordinary text`, where);
    expect(lines).toBeGreaterThan(300);
    expect(where).toEqual([]);
    expect(total).toBe(0);
  });
});
