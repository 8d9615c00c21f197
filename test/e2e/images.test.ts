// Images: `@shot.png` goes to each provider in its own format (the scripted server checks the shape
// and the bytes as the real APIs do), is stored as a reference (path + SHA-256, no base64), and a
// session whose image file is gone still continues, the image replaced by a text note.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

/** A valid 1x1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PNG_B64 = PNG.toString("base64");

function anthropicEnv(): NodeJS.ProcessEnv {
  return { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test" };
}

async function attachThenDelete(env: NodeJS.ProcessEnv, model: string) {
  const image = path.join(home.workDir, "shot.png");
  writeFileSync(image, PNG);
  server.push({ text: "a red pixel" });
  const first = await runAgenix(["--model", model, "what is in @shot.png?"], { cwd: home.workDir, env });
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toBe("a red pixel\n");
  const id = sessionIdFrom(first.stderr);

  const file = sessionFiles(home)[0]!;
  const stored = readSession(file).messages[0];
  expect(stored).toMatchObject({
    role: "user",
    content: [
      { type: "text", text: "what is in @shot.png?" },
      {
        type: "image",
        path: image,
        sha256: createHash("sha256").update(PNG).digest("hex"),
        media_type: "image/png",
      },
    ],
    attachments: [{ type: "image", path: "shot.png" }],
  });
  expect(readFileSync(file, "utf8")).not.toContain(PNG_B64); // a reference, not the bytes

  rmSync(image);
  server.push({ text: "still here" });
  const second = await runAgenix(["--session", id, "and now?"], { cwd: home.workDir, env });
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toBe("still here\n");
  expect(server.rejections).toEqual([]);
  return { first: server.requests[0]!.body, second: server.requests[1]!.body };
}

describe("images", () => {
  it("OpenAI: an image_url data URL; after the file is deleted, a text note", async () => {
    const { first, second } = await attachThenDelete(openaiEnv(home, server), "gpt-4o");
    expect(first.messages.at(-1)).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is in @shot.png?" },
        { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_B64}` } },
      ],
    });
    const earlier = second.messages[1];
    expect(earlier.content[1]).toEqual({
      type: "text",
      text: expect.stringMatching(
        /^\[image .*shot\.png is no longer available \(the file was moved or deleted\)/,
      ),
    });
    expect(JSON.stringify(second)).not.toContain(PNG_B64);
  });

  it("Anthropic: a base64 image block; after the file is deleted, a text note", async () => {
    const { first, second } = await attachThenDelete(anthropicEnv(), "claude-sonnet-4-5");
    expect(first.messages.at(-1)).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is in @shot.png?" },
        {
          type: "image",
          source: { type: "base64", media_type: "image/png", data: PNG_B64 },
          // The newest message's last block carries a prompt-cache breakpoint.
          cache_control: { type: "ephemeral" },
        },
      ],
    });
    expect(second.messages[0].content[1]).toMatchObject({
      type: "text",
      text: expect.stringContaining("no longer available"),
    });
  });

  it("a model without vision gets a clear error and nothing is sent", async () => {
    writeFileSync(path.join(home.workDir, "shot.png"), PNG);
    const run = await runAgenix(["--model", "gpt-3.5-turbo", "look at @shot.png"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^Error: gpt-3\.5-turbo does not accept images, so shot\.png cannot be attached\./,
    );
    expect(server.requests).toEqual([]);
  });

  it("the scripted server refuses image shapes the real APIs refuse", async () => {
    const post = (url: string, body: unknown, headers: Record<string, string>) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const jpegClaim = await post(
      `${server.url}/v1/messages`,
      {
        model: "claude-sonnet-4-5",
        max_tokens: 10,
        messages: [
          {
            role: "user",
            content: [{ type: "image", source: { type: "base64", media_type: "image/jpeg", data: PNG_B64 } }],
          },
        ],
      },
      { "x-api-key": "k", "anthropic-version": "2023-06-01" },
    );
    expect(jpegClaim.status).toBe(400);
    expect(await jpegClaim.text()).toContain("Image does not match the provided media type image/jpeg");
    const notData = await post(
      `${server.openaiBaseUrl}/chat/completions`,
      {
        model: "gpt-4o",
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "shot.png" } }] }],
      },
      { authorization: "Bearer k" },
    );
    expect(notData.status).toBe(400);
    expect(await notData.text()).toContain("Invalid image URL");
  });
});
