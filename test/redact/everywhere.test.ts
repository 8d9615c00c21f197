// Issue 8: a value found as a secret anywhere in a session is removed everywhere in it: the bash
// command that used it, an output that echoed it, the assistant's answer, metadata, names and ids.
// Through the SDK's redact functions here; through `agenix sessions export --redact` in
// test/cli/redact-export.test.ts.
import { describe, expect, it } from "vitest";
import { redactSession, redactText } from "../../src/sdk.js";
import { AWS_SECRET, DB_PASSWORD, leakySession } from "./leaky-session.js";

describe("a secret found once is removed everywhere", () => {
  it("redactSession removes every copy: messages, arguments, outputs, metadata, names and ids", () => {
    const { session, redactions } = redactSession(leakySession(), { home: "/home/ann" });
    const json = JSON.stringify(session);
    expect(json).not.toContain(AWS_SECRET);
    expect(json).not.toContain(AWS_SECRET.slice(0, 12));
    expect(json).not.toContain(DB_PASSWORD);
    expect(redactions).toBeGreaterThanOrEqual(12);
    // Ids stay consistent: the call and its result still pair up.
    const calls = session.messages[1]!.role === "assistant" ? session.messages[1]!.tool_calls! : [];
    const results = session.messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id);
    expect(results).toEqual(calls.map((c) => c.id));
    expect(session.messages.map((m) => m.role)).toEqual(leakySession().messages.map((m) => m.role));
  });

  it("redactText removes later copies of a secret it found earlier in the same text", () => {
    const text = `export TOKEN=f00dfeed1234abcd5678\necho f00dfeed1234abcd5678 | pbcopy`;
    expect(redactText(text)).toEqual({ text: "export TOKEN=[REDACTED]\necho [REDACTED] | pbcopy", count: 2 });
  });

  it("short copies are removed only as whole tokens", () => {
    const text = "PASSWORD=abc123x and abc123x, but not xabc123xy";
    expect(redactText(text).text).toBe("PASSWORD=[REDACTED] and [REDACTED], but not xabc123xy");
  });
});
