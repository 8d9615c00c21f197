import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_LOCAL_SERVERS,
  localServerCandidates,
  probeLocalServers,
} from "../../src/providers/local-probe.js";

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A server answering GET /v1/models with `handler`. */
async function serve(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const models = (...ids: string[]) =>
  serve((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: ids.map((id) => ({ id, object: "model" })) }));
  });

describe("local server probe", () => {
  it("defaults to Ollama, LM Studio and llama.cpp; the variable overrides or disables", () => {
    expect(localServerCandidates({})).toEqual(DEFAULT_LOCAL_SERVERS);
    expect(localServerCandidates({ AGENIX_LOCAL_PROBE_PORTS: "" })).toEqual([]);
    expect(localServerCandidates({ AGENIX_LOCAL_PROBE_PORTS: "8080, Mine=9000, junk, 70000" })).toEqual([
      { name: "llama.cpp", port: 8080 },
      { name: "Mine", port: 9000 },
    ]);
  });

  it("uses the first server in list order that lists a model, skipping errors, empty lists and silence", async () => {
    const hanging = await serve(() => {}); // never answers: abandoned at the deadline
    const failing = await serve((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const empty = await models();
    const notJson = await serve((_req, res) => {
      res.writeHead(200);
      res.end("<html>");
    });
    const good = await models("llama3.2", "qwen");
    const alsoGood = await models("other");
    const ports = [hanging, failing, empty, notJson, good, alsoGood].map((p, i) => `s${i}=${p}`).join(",");
    const found = await probeLocalServers({ AGENIX_LOCAL_PROBE_PORTS: ports });
    expect(found).toEqual({
      name: "s4",
      baseUrl: `http://127.0.0.1:${good}/v1`,
      models: ["llama3.2", "qwen"],
    });
  });

  it("nothing answering -> undefined", async () => {
    const hanging = await serve(() => {});
    expect(await probeLocalServers({ AGENIX_LOCAL_PROBE_PORTS: String(hanging) })).toBeUndefined();
  });
});
