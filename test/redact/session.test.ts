import { lintSource } from "@secretlint/core";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import { describe, expect, it } from "vitest";
import type { SessionData } from "../../src/messages/types.js";
import { redactSession, redactText } from "../../src/redact/redact.js";
import { secretlintRanges } from "../../src/redact/secrets-secretlint.js";
import { fakeSecrets } from "./fake-secrets.js";

const HOME = "/home/ann";
const WORKDIR = "/home/ann/code/shop";
const GH = "ghp_R8kQ2mXv7LpT4nWc9ZbY1sHd6FjA3eGu5Ko0";

function sample(): SessionData {
  return {
    id: "20240101_120000",
    working_dir: WORKDIR,
    model: "gpt-4o",
    created_at: "2024-01-01T12:00:00Z",
    updated_at: "2024-01-01T12:00:05Z",
    metadata: { name: `work in ${WORKDIR}`, tags: ["a"] },
    system_prompt: `You are working in ${WORKDIR}.`,
    messages: [
      {
        role: "user",
        content: `Look at ${WORKDIR}/src/app.ts and ${HOME}/.npmrc`,
        timestamp: "2024-01-01T12:00:00Z",
      },
      {
        role: "assistant",
        content: [{ type: "text", text: `Reading ${WORKDIR}/src/app.ts` }],
        tool_calls: [
          {
            id: "call_1",
            name: "read",
            arguments: { path: `${WORKDIR}/src/app.ts`, nested: { list: [`${HOME}/notes`] } },
          },
          {
            id: "call_2",
            name: "http",
            arguments: { url: "https://api.example.com", api_key: "k9F2mQ7xZp" },
          },
        ],
        model: "gpt-4o",
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        timestamp: "2024-01-01T12:00:01Z",
      },
      {
        role: "tool",
        tool_call_id: "call_1",
        name: "read",
        content: `// ${WORKDIR}/src/app.ts\nconst token = "${GH}";\n// see /home/anna/other and ${WORKDIR}2/x\n`,
        is_error: false,
        timestamp: "2024-01-01T12:00:02Z",
      },
      {
        role: "tool",
        tool_call_id: "call_2",
        name: "http",
        content: "ok",
        is_error: false,
        timestamp: "2024-01-01T12:00:03Z",
      },
    ],
  };
}

describe("redactSession", () => {
  it("replaces working_dir, the working directory and home in all text, deep in arguments too", () => {
    const { session } = redactSession(sample(), { home: HOME });
    expect(session.working_dir).toBe("/project");
    const json = JSON.stringify(session);
    expect(json).not.toContain(WORKDIR);
    expect(json).not.toContain(`${HOME}/`);
    const [user, assistant, tool] = session.messages;
    expect(user!.content).toBe("Look at /project/src/app.ts and ~/.npmrc");
    expect(assistant!.role === "assistant" && assistant!.tool_calls![0]!.arguments).toEqual({
      path: "/project/src/app.ts",
      nested: { list: ["~/notes"] },
    });
    // A longer name that merely starts with the same characters is another directory.
    expect(tool!.content).toContain("/home/anna/other");
    expect(tool!.content).toContain("~/code/shop2/x");
    expect(session.metadata.name).toBe("work in /project");
    expect(session.system_prompt).toBe("You are working in /project.");
  });

  it("redacts secrets in tool outputs and secret-named arguments, whole, and counts them", () => {
    const { session, redactions } = redactSession(sample(), { home: HOME });
    const json = JSON.stringify(session);
    expect(json).not.toContain(GH.slice(4, 12));
    expect(json).not.toContain("k9F2m");
    expect(json).toContain('const token = \\"[REDACTED]\\"');
    expect(redactions).toBe(2);
    // Structure is kept: ids, names, timestamps, usage.
    expect(session.messages.map((m) => m.timestamp)).toEqual(sample().messages.map((m) => m.timestamp));
    expect(session.messages[1]).toMatchObject({
      tool_calls: [{ id: "call_1", name: "read" }, { id: "call_2" }],
    });
  });

  it("does not modify the session it is given", () => {
    const original = sample();
    const copy = structuredClone(original);
    redactSession(original, { home: HOME });
    expect(original).toEqual(copy);
  });

  it("infers the home from a /home/<user> working directory when given another home", () => {
    const { session } = redactSession(sample(), { home: "/somewhere/else" });
    expect(session.messages[0]!.content).toBe("Look at /project/src/app.ts and ~/.npmrc");
  });

  it("leaves placeholders and empty values alone", () => {
    for (const text of [
      "API_KEY=$" + "{API_KEY}",
      "password: <your password>",
      'token = ""',
      "SECRET=",
      "TOKEN=$TOKEN",
    ]) {
      expect(redactText(text)).toEqual({ text, count: 0 });
    }
  });

  it("keeps the key and redacts the value to the end of its token", () => {
    expect(redactText("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8a3Lmn01").text).toBe(
      "AWS_SECRET_ACCESS_KEY=[REDACTED]",
    );
    expect(redactText("postgres://admin:s3cr3t-Pw@db:5432/app").text).toBe(
      "postgres://admin:[REDACTED]@db:5432/app",
    );
    expect(redactText("Authorization: Bearer abc123DEF456ghi789").text).toBe(
      "Authorization: Bearer [REDACTED]",
    );
  });
});

describe("secretlint, run synchronously", () => {
  it("finds what @secretlint/core's lintSource finds with the recommended preset", async () => {
    const text = fakeSecrets(48, 5)
      .map((s) => s.text)
      .join("\n");
    const result = await lintSource({
      source: { content: text, filePath: "session.txt", ext: ".txt", contentType: "text" },
      options: { config: { rules: [{ id: recommendedPreset.meta.id, rule: recommendedPreset }] } },
    });
    const expected = result.messages.map((m) => `${m.range[0]}-${m.range[1]}`).sort();
    const actual = secretlintRanges(text)
      .map((r) => `${r.start}-${r.end}`)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(new Set(actual)).toEqual(new Set(expected));
  });
});

describe("a 10 MB session", () => {
  it("is redacted completely (time printed, not asserted)", () => {
    const secrets = fakeSecrets(50, 77);
    const filler = "src/app.ts:12: const total = items.reduce((sum, item) => sum + item.price, 0);\n".repeat(
      650,
    );
    const session = sample();
    for (let i = 0; i < 100; i++) {
      session.messages.push({
        role: "tool",
        tool_call_id: `call_${i}`,
        name: "bash",
        content: `${filler}${secrets[i % secrets.length]!.text}\n${filler}`,
        is_error: false,
        timestamp: "2024-01-01T12:01:00Z",
      });
    }
    const size = JSON.stringify(session).length;
    const started = performance.now();
    const { session: out } = redactSession(session, { home: HOME });
    const ms = performance.now() - started;
    console.log(`redacted a ${(size / 1e6).toFixed(1)} MB session in ${ms.toFixed(0)} ms`);
    expect(size).toBeGreaterThan(10e6);
    const json = JSON.stringify(out);
    for (const s of secrets) expect(json).not.toContain(s.secret.split("\n")[0]!.slice(0, 12));
  });
});
