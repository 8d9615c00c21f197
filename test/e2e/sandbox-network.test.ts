// The sandbox's network through the real binary: no network by default (not even the host's
// loopback), and only the domains in settings sandbox.network.allow, through the filtering proxy
// (HTTP CONNECT, absolute-URL HTTP and SOCKS5). Each attempt is checked at the test server.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { runIn, sandboxEnv, scriptBash, toolResultsOnWire } from "./sandbox-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

let target: Server;
let port: number;
const hits: string[] = [];
beforeEach(async () => {
  hits.length = 0;
  target = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end("target-says-hello");
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  port = (target.address() as AddressInfo).port;
});
afterEach(async () => {
  target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
});

function allow(domains: string[]): void {
  mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
  writeFileSync(
    path.join(home.home, ".agenix", "settings.json"),
    JSON.stringify({ sandbox: { network: { allow: domains } } }),
  );
}

describe("sandbox network", () => {
  it("by default nothing is reachable, not even the host's loopback", async () => {
    scriptBash(server, {
      command: `curl -s -m 5 http://127.0.0.1:${port}/direct; echo "curl exit $?"; env | grep -ci _proxy=`,
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    expect(hits).toEqual([]);
    expect(toolResultsOnWire(server)[0]).toMatch(/curl exit [1-9]/);
  });

  it("an allowed host is reached through the proxy (HTTP, CONNECT, SOCKS5); another is refused", async () => {
    allow(["127.0.0.1"]);
    scriptBash(server, {
      command: [
        `curl -s -m 5 http://127.0.0.1:${port}/http`,
        `curl -s -m 5 -p http://127.0.0.1:${port}/connect`,
        `curl -s -m 5 --proxy "$ALL_PROXY" http://127.0.0.1:${port}/socks`,
        `curl -s -m 5 -o /dev/null -w 'other:%{http_code}\\n' -x "$HTTP_PROXY" http://127.0.0.2:${port}/other`,
        "true",
      ].join("; echo; "),
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    expect(hits.sort()).toEqual(["/connect", "/http", "/socks"]);
    expect(toolResultsOnWire(server)[0]).toContain("other:403");
  });

  it("a wildcard never reaches loopback or private addresses", async () => {
    allow(["*.localhost"]);
    scriptBash(server, {
      command: `curl -s -m 5 --noproxy '' -o /dev/null -w '%{http_code}' -x "$HTTP_PROXY" http://app.localhost:${port}/wild`,
    });
    const result = await runIn(home, ["-p", "go"], sandboxEnv(home, server));
    expect(result.code, result.stderr).toBe(0);
    expect(hits).toEqual([]);
    expect(toolResultsOnWire(server)[0]).toContain("403");
  });
});
