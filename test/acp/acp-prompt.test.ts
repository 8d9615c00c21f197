// `agenix acp` (the built binary): what a prompt may carry besides text. Images (kept as files, sent
// to the provider as images, checked on the wire by the scripted server) and `/commands` (listed in
// available_commands_update: /compact, custom commands, skills).
import { createHash } from "node:crypto";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SessionNotification } from "@agentclientprotocol/sdk";
import { describe, expect, it } from "vitest";
import { isSummaryRequest, longMessage } from "../e2e/compaction-helpers.js";
import { openaiEnv, readSession, sessionFiles } from "../e2e/helpers.js";
import type { TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { startWithSession, withAcp } from "./acp-client.js";

let home: TempHome;
let server: LlmServer;
withAcp((h, s) => {
  home = h;
  server = s;
});

/** A valid 1x1 PNG. */
const PNG_B64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const PNG_SHA = createHash("sha256").update(Buffer.from(PNG_B64, "base64")).digest("hex");

const open = (env = openaiEnv(home, server)) => startWithSession(home.workDir, env);

const lastUser = () => server.requests.at(-1)!.body.messages.at(-1);

describe("agenix acp: images", () => {
  it("sends a pasted image to the provider and keeps it as a file the session names", async () => {
    server.push({ text: "a pixel" });
    const { acp: a, sessionId, init } = await open();
    expect(init.agentCapabilities?.promptCapabilities?.image).toBe(true);
    const result = await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [
        { type: "text", text: "what is this?" },
        { type: "image", data: PNG_B64, mimeType: "image/png" },
      ],
    });
    expect(result.stopReason).toBe("end_turn");
    expect(server.rejections).toEqual([]);
    expect(lastUser()).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_B64}` } },
      ],
    });
    const kept = path.join(home.home, ".agenix", "images", `${PNG_SHA}.png`);
    const stored = readSession(sessionFiles(home)[0]!).messages[0];
    expect(stored.content).toEqual([
      { type: "text", text: "what is this?" },
      { type: "image", path: kept, sha256: PNG_SHA, media_type: "image/png" },
    ]);
    expect(stored.attachments).toEqual([{ type: "image", path: kept }]);
    expect(statSync(kept).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(kept)).mode & 0o777).toBe(0o700);

    // Loaded again in a new process, the image is replayed with the message it came with.
    expect(await a.end()).toBe(0);
    const { acp: again } = await startWithSession(home.workDir, openaiEnv(home, server));
    await again.connection.agent.request("session/load", { sessionId, cwd: home.workDir, mcpServers: [] });
    const replayed = again.updates.filter((n) => n.sessionId === sessionId).map((n) => n.update);
    expect(replayed.slice(0, 2)).toEqual([
      { sessionUpdate: "user_message_chunk", content: { type: "text", text: "what is this?" } },
      {
        sessionUpdate: "user_message_chunk",
        content: { type: "image", data: PNG_B64, mimeType: "image/png" },
      },
    ]);

    // A type the providers do not take is refused before anything is sent or saved.
    await expect(
      again.connection.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "image", data: PNG_B64, mimeType: "image/bmp" }],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("Images of type image/bmp cannot be sent") });
    expect(server.requests).toHaveLength(1);
    expect(readSession(sessionFiles(home).find((f) => f.includes(sessionId))!).messages).toHaveLength(2);
  });

  it("sends it to Anthropic as a base64 image block the API accepts", async () => {
    server.push({ text: "a pixel" });
    const env = { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test" };
    const { acp: a, sessionId } = await open(env);
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [
        { type: "text", text: "what is this?" },
        { type: "image", data: PNG_B64, mimeType: "image/png" },
      ],
    });
    expect(server.rejections).toEqual([]);
    expect(server.requests[0]!.api).toBe("anthropic");
    expect(lastUser().content[1]).toMatchObject({
      type: "image",
      source: { type: "base64", media_type: "image/png", data: PNG_B64 },
    });
  });

  it("names the editor's own file when the image comes from one with the same bytes", async () => {
    const file = path.join(home.workDir, "shot.png");
    writeFileSync(file, Buffer.from(PNG_B64, "base64"));
    server.push({ text: "seen" });
    const { acp: a, sessionId } = await open();
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [
        { type: "text", text: "look" },
        { type: "image", data: PNG_B64, mimeType: "image/png", uri: `file://${file}` },
      ],
    });
    const stored = readSession(sessionFiles(home)[0]!).messages[0];
    expect(stored.content[1]).toMatchObject({ type: "image", path: file, sha256: PNG_SHA });
  });

  it("refuses an image for a text-only model without calling the model", async () => {
    const { acp: a, sessionId } = await open({ ...openaiEnv(home, server), AGENIX_MODEL: "gpt-3.5-turbo" });
    await expect(
      a.connection.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "image", data: PNG_B64, mimeType: "image/png" }],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("gpt-3.5-turbo does not accept images") });
    expect(server.requests).toEqual([]);
  });
});

describe("agenix acp: slash commands", () => {
  it("lists /compact, custom commands and skills, and runs a custom command from the prompt", async () => {
    mkdirSync(path.join(home.workDir, ".agenix", "commands"), { recursive: true });
    writeFileSync(
      path.join(home.workDir, ".agenix", "commands", "greet.md"),
      "---\ndescription: Greets someone\n---\nSay hello to $ARGUMENTS in French.\n",
    );
    const skillDir = path.join(home.home, ".agenix", "skills", "tidy");
    mkdirSync(skillDir, { recursive: true });
    writeFileSync(
      path.join(skillDir, "SKILL.md"),
      "---\nname: tidy\ndescription: Tidies the imports\n---\nSort the imports.\n",
    );
    server.push({ text: "Bonjour Ada" });
    const { acp: a, sessionId } = await open();
    const listed = await a.waitForUpdate(
      (n: SessionNotification) => n.update.sessionUpdate === "available_commands_update",
    );
    expect(listed.sessionId).toBe(sessionId);
    const commands = (listed.update as { availableCommands: { name: string; description: string }[] })
      .availableCommands;
    expect(commands.map((c) => c.name)).toEqual(["compact", "cost", "stats", "budget", "greet", "tidy"]);
    expect(commands[4]!.description).toBe("Greets someone");
    expect(commands[5]!.description).toBe("Tidies the imports");

    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "/greet Ada" }],
    });
    expect(lastUser().content).toBe("Say hello to Ada in French.");
  });

  it("/cost prices the session's cache reads and writes, /stats shows the hit rate: answers in the chat, no model request", async () => {
    server.push({
      text: "hi",
      usage: { prompt_tokens: 10_000, completion_tokens: 10, cache_read_tokens: 8_000 },
    });
    const { acp: a, sessionId } = await open();
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "hello" }],
    });
    const requests = server.requests.length;
    const answers: string[] = [];
    for (const text of ["/cost", "/stats"]) {
      const before = a.updates.length;
      const result = await a.connection.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "text", text }],
      });
      expect(result.stopReason).toBe("end_turn");
      answers.push(
        a.updates
          .slice(before)
          .map((n) => n.update)
          .map((u) =>
            u.sessionUpdate === "agent_message_chunk" && u.content.type === "text" ? u.content.text : "",
          )
          .join(""),
      );
    }
    expect(server.requests).toHaveLength(requests);
    expect(answers[0]).toMatch(/cache read 8000, cache write 0/);
    expect(answers[0]).toMatch(/^Estimated cost: \$\d+\.\d+$/m);
    expect(answers[1]).toContain("Cache hit rate: 80.0% of prompt tokens read from cache");
    // Nothing of either was added to the conversation.
    expect(readSession(sessionFiles(home)[0]!).messages).toHaveLength(2);
  });

  it("a spent budget ends the turn with the reason in the chat; /budget raises it and the next prompt goes on", async () => {
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ model: "gpt-4o", maxBudgetUsd: 0.1 }),
    );
    writeFileSync(path.join(home.workDir, "a.txt"), "a\n");
    // $2.50 per million input tokens: 50,000 of them spend $0.125 of the $0.10 (and leave the context
    // small enough not to be compacted).
    server.push({
      toolCalls: [{ id: "call_r", name: "read", arguments: { file_path: "a.txt" } }],
      usage: { prompt_tokens: 50_000, completion_tokens: 10 },
    });
    const { acp: a, sessionId } = await open();
    const chat = async (text: string) => {
      const before = a.updates.length;
      const result = await a.connection.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "text", text }],
      });
      const said = a.updates
        .slice(before)
        .map((n) => n.update)
        .map((u) =>
          u.sessionUpdate === "agent_message_chunk" && u.content.type === "text" ? u.content.text : "",
        )
        .join("");
      return { stop: result.stopReason, said };
    };
    const stopped = await chat("read it");
    expect(stopped.stop).toBe("end_turn");
    expect(server.requests).toHaveLength(1);
    expect(stopped.said).toMatch(
      /Stopped: the budget of \$0\.10 is spent \(\$0\.13 used\)\. Send \/budget <usd> to raise it/,
    );
    expect(await chat("/budget")).toMatchObject({
      said: expect.stringMatching(/^Budget: \$0\.13 of \$0\.10 used/),
    });
    expect((await chat("/budget 2")).said).toBe("Budget set to $2.00 ($0.13 used so far).");
    expect(server.requests).toHaveLength(1);
    server.push({ text: "continued" });
    expect(await chat("go on")).toEqual({ stop: "end_turn", said: "continued" });
    expect(server.requests).toHaveLength(2);
  });

  it("/compact summarizes the conversation and answers in the chat; an unknown /word goes to the model", async () => {
    // Only the last turn is kept as it is; the long earlier ones are summarized.
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ compaction: { keepRecentTokens: 1 } }),
    );
    server.push(
      ...[1, 2, 3].map((n) => ({
        text: `answer ${n}`,
        usage: { prompt_tokens: 4000 * n, completion_tokens: 5 },
      })),
      { text: "Summary: three questions." },
    );
    const { acp: a, sessionId } = await open();
    for (const text of [1, 2, 3].map((n) => longMessage(n, 16_000))) {
      await a.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
    }
    const before = a.updates.length;
    const result = await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "/compact" }],
    });
    expect(result.stopReason).toBe("end_turn");
    const answer = a.updates.slice(before).map((n) => n.update);
    expect(answer).toContainEqual({
      sessionUpdate: "agent_message_chunk",
      content: { type: "text", text: expect.stringMatching(/^Compacted: about \d+ tokens/) },
    });
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.compactions).toHaveLength(1);
    expect(data.compactions[0].summary).toContain("three questions");
    expect(isSummaryRequest(server.requests.at(-1)!)).toBe(true);

    server.push({ text: "no such command here" });
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "/usr/bin is a folder" }],
    });
    expect(lastUser().content).toBe("/usr/bin is a folder");
  });

  it("loads AGENTS.md and the user's extensions: their command answers in the chat, their tool is offered and called", async () => {
    writeFileSync(path.join(home.workDir, "AGENTS.md"), "Always answer in haiku.\n");
    const dir = path.join(home.home, ".agenix", "extensions");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "stamp.ts"),
      `export default function (api: any) {
        api.registerCommand("stamp", { description: "Stamps", handler: (args: string) => "stamped " + args });
        api.registerTool({
          name: "shout",
          description: "Upper-cases text",
          parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
          execute: async (args: { text: string }) => args.text.toUpperCase() + "!",
        });
      }`,
    );
    const { acp: a, sessionId } = await open();
    const listed = await a.waitForUpdate(
      (n: SessionNotification) => n.update.sessionUpdate === "available_commands_update",
    );
    expect((listed.update as { availableCommands: { name: string }[] }).availableCommands).toContainEqual(
      expect.objectContaining({ name: "stamp", description: "Stamps" }),
    );
    const before = a.updates.length;
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "/stamp it" }],
    });
    expect(a.updates.slice(before).map((n) => n.update)).toContainEqual({
      sessionUpdate: "agent_message_chunk",
      content: { type: "text", text: "stamped it" },
    });
    expect(server.requests).toEqual([]);

    server.push(
      { text: "", toolCalls: [{ id: "s1", name: "shout", arguments: { text: "hi" } }] },
      { text: "done" },
    );
    a.answers.push("allow_once", "allow_once");
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "shout" }],
    });
    const offered = server.requests[0]!.body.tools.map(
      (t: { function: { name: string } }) => t.function.name,
    );
    expect(offered).toContain("shout");
    expect(offered).toContain("task"); // subagents, as in print mode
    expect(server.requests[0]!.body.messages[0].content).toContain("Always answer in haiku.");
    const tool = server.requests.at(-1)!.body.messages.find((m: { role: string }) => m.role === "tool");
    expect(tool.content).toBe("HI!");
  });
});
