// The filtering proxy on the host: sandboxed commands reach the network only through it (a Unix
// socket the in-sandbox bridge forwards to). It speaks HTTP (CONNECT and absolute-URL requests)
// and SOCKS5 on the same socket, told apart by the first byte, and connects only to hosts matching
// settings sandbox.network.allow. Loopback and private addresses are refused unless the allow list
// names that exact host (so a wildcard or a DNS answer never reaches the host's own services).
import { lookup } from "node:dns/promises";
import { chmodSync } from "node:fs";
import { BlockList, connect, createServer, isIP, type Server, type Socket } from "node:net";
import { hostAllowed } from "./domains.js";

const MAX_HEADER_BYTES = 64 * 1024;

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
PRIVATE.addAddress("::", "ipv6");
PRIVATE.addAddress("::1", "ipv6");
PRIVATE.addSubnet("fc00::", 7, "ipv6");
PRIVATE.addSubnet("fe80::", 10, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, "ipv4");
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

type Verdict = { ok: true; address: string } | { ok: false; why: string };

export async function checkDestination(host: string, allow: readonly string[]): Promise<Verdict> {
  const match = hostAllowed(host, allow);
  if (!match) return { ok: false, why: `${host} is not in settings sandbox.network.allow` };
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  let address = bare;
  if (!isIP(bare)) {
    try {
      address = (await lookup(bare)).address;
    } catch {
      return { ok: false, why: `${host} could not be resolved` };
    }
  }
  if (isPrivateAddress(address) && match !== "exact")
    return { ok: false, why: `${host} resolves to a private address (${address})` };
  return { ok: true, address };
}

export interface FilteringProxy {
  close(): Promise<void>;
}

/** Listens on the Unix socket `socketPath` (mode 0600) until closed. */
export async function startFilteringProxy(
  socketPath: string,
  allow: readonly string[],
): Promise<FilteringProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    client.once("data", (first: Buffer) => {
      client.pause();
      const handle = first[0] === 5 ? socks5 : http;
      handle(client, first, allow).catch(() => client.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function tunnel(client: Socket, upstream: Socket, rest?: Buffer): void {
  if (rest && rest.length > 0) upstream.write(rest);
  client.pipe(upstream).pipe(client);
  client.resume();
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on("close", end);
  upstream.on("close", end);
  upstream.on("error", end);
}

function dial(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** The next chunk from a paused socket (it is paused again after). */
async function nextChunk(client: Socket): Promise<Buffer> {
  const chunk = await new Promise<Buffer>((resolve, reject) => {
    const onData = (data: Buffer) => {
      client.off("error", onError);
      resolve(data);
    };
    const onError = (error: Error) => {
      client.off("data", onData);
      reject(error);
    };
    client.once("data", onData);
    client.once("error", onError);
    client.resume();
  });
  client.pause();
  return chunk;
}

// ---- HTTP ----

async function readHead(client: Socket, first: Buffer): Promise<{ head: string; rest: Buffer }> {
  let buffer = first;
  while (buffer.indexOf("\r\n\r\n") < 0) {
    if (buffer.length > MAX_HEADER_BYTES) throw new Error("header too large");
    buffer = Buffer.concat([buffer, await nextChunk(client)]);
  }
  const end = buffer.indexOf("\r\n\r\n") + 4;
  return { head: buffer.subarray(0, end).toString("latin1"), rest: buffer.subarray(end) };
}

function refuseHttp(client: Socket, status: string, why: string): void {
  const body = `agenix sandbox: ${why}\n`;
  client.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

async function http(client: Socket, first: Buffer, allow: readonly string[]): Promise<void> {
  const { head, rest } = await readHead(client, first);
  const [requestLine = "", ...headerLines] = head.split("\r\n");
  const [method = "", target = "", version = "HTTP/1.1"] = requestLine.split(" ");
  let host: string;
  let port: number;
  let path = "";
  if (method === "CONNECT") {
    const at = target.lastIndexOf(":");
    host = target.slice(0, at);
    port = Number(target.slice(at + 1));
  } else {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return refuseHttp(client, "400 Bad Request", "expected a proxy request (absolute URL)");
    }
    if (url.protocol !== "http:") return refuseHttp(client, "400 Bad Request", "only http:// URLs");
    host = url.hostname;
    port = Number(url.port || 80);
    path = `${url.pathname}${url.search}`;
  }
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535)
    return refuseHttp(client, "400 Bad Request", `bad target ${target}`);
  const verdict = await checkDestination(host, allow);
  if (!verdict.ok) return refuseHttp(client, "403 Forbidden", verdict.why);
  let upstream: Socket;
  try {
    upstream = await dial(verdict.address, port);
  } catch (error) {
    return refuseHttp(client, "502 Bad Gateway", `${host}:${port}: ${(error as Error).message}`);
  }
  if (method === "CONNECT") {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    return tunnel(client, upstream, rest);
  }
  const headers = headerLines.filter((line) => line !== "" && !/^proxy-/i.test(line));
  upstream.write(`${method} ${path} ${version}\r\n${headers.join("\r\n")}\r\n\r\n`);
  tunnel(client, upstream, rest);
}

// ---- SOCKS5 (RFC 1928, CONNECT, no authentication) ----

function reader(client: Socket, first: Buffer) {
  let buffer = first;
  return async (n: number): Promise<Buffer> => {
    while (buffer.length < n) buffer = Buffer.concat([buffer, await nextChunk(client)]);
    const out = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return out;
  };
}

async function socks5(client: Socket, first: Buffer, allow: readonly string[]): Promise<void> {
  const read = reader(client, first);
  const [, methods = 0] = await read(2);
  await read(methods);
  client.write(Buffer.from([5, 0]));
  const [, command, , type] = await read(4);
  let host: string;
  if (type === 1) host = [...(await read(4))].join(".");
  else if (type === 3) host = (await read((await read(1))[0]!)).toString("latin1");
  else if (type === 4) {
    const raw = await read(16);
    host = Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16)).join(":");
  } else return void client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
  const port = (await read(2)).readUInt16BE(0);
  const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
  if (command !== 1) return void client.end(reply(7));
  const verdict = await checkDestination(host, allow);
  if (!verdict.ok) return void client.end(reply(2));
  let upstream: Socket;
  try {
    upstream = await dial(verdict.address, port);
  } catch {
    return void client.end(reply(5));
  }
  client.write(reply(0));
  tunnel(client, upstream);
}
