// web_fetch through the built binary in print mode, against the scripted LLM server and a real web
// server on 127.0.0.1: what the model gets, what the permission rules let through, what is refused
// (and that a refused fetch sent nothing), the caps and the redirect report.
import { lookup } from "node:dns/promises";
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../src/permissions/decide-fetch.js";
import { createSession, SessionManager } from "../../src/sdk.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { startWebServer, type WebServer } from "../support/web-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});
let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(() => web.close());

// biome-ignore lint/suspicious/noExplicitAny: session JSON
type Json = any;
const toolResult = (): Json =>
  readSession(sessionFiles(home)[0]!).messages.find((m: Json) => m.role === "tool");

function fetchThen(args: Record<string, unknown>): void {
  server.push(
    { text: "", toolCalls: [{ id: "call_f", name: "web_fetch", arguments: args }] },
    { text: "read it" },
  );
}

const run = (args: string[]) => runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });
const ALLOW_LOCAL = ["--allow", "web_fetch(domain:127.0.0.1)"];

describe("web_fetch (print mode)", () => {
  it("allowed by a rule for the host: the model gets the article as Markdown, without scripts or navigation", async () => {
    fetchThen({ url: `${web.base}/article` });
    const before = web.requests.length;
    const result = await run(["read the page", ...ALLOW_LOCAL]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`⏺ web_fetch(${web.base}/article)`);
    expect(web.requests.slice(before)).toEqual(["/article"]);
    const tool = toolResult();
    expect(tool, tool.content).toMatchObject({ name: "web_fetch", is_error: false });
    expect(tool.content).toContain("# Parsing JSON in Python");
    expect(tool.content).toContain("```\nimport json");
    for (const gone of ["trackVisitor", "injected-by-script", "Navigation only", "Copyright footer"])
      expect(tool.content).not.toContain(gone);
    expect(tool.content).toContain(`<untrusted-web-content url="${web.base}/article">`);
    // What the model was sent is what was saved.
    const sent = server.requests.at(-1)!.body.messages.at(-1);
    expect(sent).toMatchObject({ role: "tool", tool_call_id: "call_f", content: tool.content });
  });

  it("without a rule: denied in print mode with the rule that would allow it; nothing is sent", async () => {
    fetchThen({ url: "https://docs.python.org/3/library/json.html" });
    const result = await run(["read the docs"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "Denied: web_fetch(https://docs.python.org/3/library/json.html) (allow with --allow 'web_fetch(domain:docs.python.org)' or --permission-mode yolo)",
    );
    const tool = toolResult();
    expect(tool.is_error).toBe(true);
    expect(tool.content).toContain(
      "It needs the user's approval (fetching from docs.python.org needs your approval), and this session cannot ask",
    );
  });

  it("refuses 127.0.0.1 without a rule naming it, even in yolo mode or with a bare web_fetch rule", async () => {
    const before = web.requests.length;
    fetchThen({ url: `${web.base}/article` });
    const yolo = await run(["read", "--yolo"]);
    expect(yolo.code, yolo.stderr).toBe(0);
    expect(toolResult().content).toContain(
      "127.0.0.1 is a private or loopback address, refused unless a rule names it",
    );
    expect(yolo.stderr).toContain("--allow 'web_fetch(domain:127.0.0.1)'");
    expect(web.requests.length).toBe(before);
  });

  it("a host name that resolves to a private or loopback address is refused when it connects", async () => {
    // This machine's own name resolves to one of its addresses (127.0.1.1, 172.17.0.2, ...): the
    // table allows it (a bare web_fetch rule), the tool looks it up and refuses to connect.
    const name = hostname().toLowerCase();
    const addresses = (await lookup(name, { all: true })).map((a) => a.address);
    expect(addresses.some(isPrivateAddress), `${name} -> ${addresses.join(", ")}`).toBe(true);
    fetchThen({ url: `http://${name}:${web.port}/article` });
    const before = web.requests.length;
    const result = await run(["read", "--allow", "web_fetch"]);
    expect(result.code, result.stderr).toBe(0);
    const tool = toolResult();
    expect(tool.is_error).toBe(true);
    expect(tool.content).toMatch(
      new RegExp(`web_fetch refused ${name} \\((.+)\\): it is a private, loopback or link-local address`),
    );
    expect(tool.content).toContain(`--allow 'web_fetch(domain:${name})'`);
    expect(web.requests.length).toBe(before);
  });

  it("caps a 5 MB page at webFetch.maxChars from the settings, with a note", async () => {
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ webFetch: { maxChars: 20_000 } }),
    );
    fetchThen({ url: `${web.base}/big` });
    const result = await run(["read the big page", ...ALLOW_LOCAL]);
    expect(result.code, result.stderr).toBe(0);
    const tool = toolResult();
    expect(tool.is_error).toBe(false);
    const body = tool.content.split('">\n')[1].split("\n</untrusted-web-content>")[0];
    expect(body.length).toBeLessThanOrEqual(20_000);
    expect(body.length).toBeGreaterThan(15_000);
    expect(tool.content).toMatch(
      /The page is [\d,]+ characters; [\d,]+ are shown \(settings webFetch.maxChars = 20,000\)/,
    );
    expect(tool.content).toContain("5,243,493 bytes"); // the downloaded size in the header: all 5 MB were read
  });

  it("reports a redirect to another host instead of following it", async () => {
    fetchThen({ url: `${web.base}/redirect-other` });
    const before = web.requests.length;
    const result = await run(["read", ...ALLOW_LOCAL, "--allow", "web_fetch(domain:localhost)"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("⎿ redirect to localhost");
    const tool = toolResult();
    expect(tool.is_error).toBe(false);
    expect(tool.content).toContain(
      `redirects (HTTP 302) to another host: http://localhost:${web.port}/article`,
    );
    expect(web.requests.slice(before)).toEqual(["/redirect-other"]);
  });

  it("SDK: the webFetch option sets the cap; an allow rule lets the fetch through", async () => {
    fetchThen({ url: `${web.base}/article` });
    const session = await createSession({
      apiKey: "sk-sdk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      sessionManager: new SessionManager({ dir: home.sessionDir }),
      allow: ["web_fetch(domain:127.0.0.1)"],
      webFetch: { maxChars: 300 },
    });
    expect(await session.prompt("read")).toBe("read it");
    const tool = session.getMessages().find((m) => m.role === "tool");
    await session.close();
    expect(tool).toMatchObject({ role: "tool", is_error: false });
    expect((tool as { content: string }).content).toContain("(settings webFetch.maxChars = 300)");
  });

  it("an invalid rule fails before anything runs", async () => {
    const result = await run(["hi", "--allow", "web_fetch(docs.python.org)"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("a web_fetch rule names a host: write web_fetch(domain:example.com)");
    expect(server.requests).toHaveLength(0);
  });
});
