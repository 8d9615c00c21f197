// One GET for web_fetch, in agenix's own process: every address a host name resolves to is checked
// (at connect time, so DNS cannot answer differently between a check and the connection), redirects
// are followed only on the same host, the body is read up to a byte limit (the stream is stopped
// there, compressed or not) and the whole request has a timeout.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { isPrivateAddress } from "../../permissions/decide-fetch.js";
import { ToolError } from "../define.js";

export interface GetLimits {
  /** Bytes of body read (after decompression); the rest is not downloaded. */
  maxDownloadBytes: number;
  timeoutMs: number;
}

export interface GetOptions extends GetLimits {
  signal: AbortSignal;
  /** An explicit rule allows this host although it is private or loopback. */
  privateAllowed: (host: string) => boolean;
  userAgent: string;
}

export type GetOutcome =
  | {
      kind: "page";
      url: URL;
      status: number;
      statusText: string;
      contentType: string;
      body: Buffer;
      /** The body was longer than maxDownloadBytes and was cut there. */
      cut: boolean;
    }
  | { kind: "redirect"; from: URL; to: URL; status: number };

const MAX_REDIRECTS = 10;
const PRIVATE = "AGENIX_PRIVATE_ADDRESS";

/** A host name as a rule names it: lower case, no brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

function privateRefusal(host: string, address: string): ToolError {
  const where = host === address ? host : `${host} (${address})`;
  return new ToolError(
    `web_fetch refused ${where}: it is a private, loopback or link-local address. ` +
      `Only an explicit permission rule for that host allows it, e.g. --allow 'web_fetch(domain:${host})'.`,
  );
}

/** DNS lookup that fails the connection when any address the name resolves to is private. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family, hints: options.hints }, (error, found) => {
      const addresses = found as unknown as LookupAddress[];
      if (error) return callback(error, "", 0);
      const bad = addresses.find((a) => isPrivateAddress(a.address));
      if (bad && !allowPrivate) {
        const refused = Object.assign(new Error(`private address ${bad.address}`), {
          code: PRIVATE,
          address: bad.address,
        });
        return callback(refused, "", 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(zlib.createGunzip());
  if (encoding === "deflate") return res.pipe(zlib.createInflate());
  if (encoding === "br") return res.pipe(zlib.createBrotliDecompress());
  return res;
}

/** Reads up to `max` bytes of the body, then stops the download. */
async function readCapped(res: IncomingMessage, max: number): Promise<{ body: Buffer; cut: boolean }> {
  const stream = decoded(res);
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      if (size + buffer.length > max) {
        chunks.push(buffer.subarray(0, max - size));
        size = max;
        cut = true;
        break;
      }
      chunks.push(buffer);
      size += buffer.length;
    }
  } finally {
    if (cut) {
      res.destroy();
      if (stream !== res) stream.destroy();
    }
  }
  return { body: Buffer.concat(chunks, size), cut };
}

function request(url: URL, options: GetOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = hostOf(url);
  const allowPrivate = options.privateAllowed(host);
  if (!allowPrivate && isPrivateAddress(host)) {
    return Promise.reject(privateRefusal(host, host));
  }
  const get = url.protocol === "https:" ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(
      url,
      {
        signal,
        lookup: guardedLookup(allowPrivate),
        // Never through a proxy or a shared agent: the connection is the one checked here.
        agent: false,
        headers: {
          "user-agent": options.userAgent,
          accept:
            "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.1",
          "accept-encoding": "gzip, deflate, br",
        },
      },
      resolve,
    );
    req.on("error", (error: NodeJS.ErrnoException & { address?: string }) => {
      if (error.code === PRIVATE) reject(privateRefusal(host, error.address ?? host));
      else reject(error);
    });
  });
}

function sameHost(a: URL, b: URL): boolean {
  return hostOf(a) === hostOf(b) && !(a.protocol === "https:" && b.protocol === "http:");
}

/** GET `start`, following same-host redirects; a redirect elsewhere is returned, not followed. */
export async function httpGet(start: URL, options: GetOptions): Promise<GetOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let url = start;
  try {
    for (let hop = 0; ; hop++) {
      const res = await request(url, options, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        const next = new URL(location, url);
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new ToolError(`${url.href} redirects to ${next.href}, which is not an http(s) address.`);
        }
        if (!sameHost(url, next)) return { kind: "redirect", from: url, to: next, status };
        if (hop >= MAX_REDIRECTS)
          throw new ToolError(`${start.href} redirected more than ${MAX_REDIRECTS} times.`);
        url = next;
        continue;
      }
      const { body, cut } = await readCapped(res, options.maxDownloadBytes);
      return {
        kind: "page",
        url,
        status,
        statusText: res.statusMessage ?? "",
        contentType: String(res.headers["content-type"] ?? ""),
        body,
        cut,
      };
    }
  } catch (error) {
    if (timeout.aborted && !options.signal.aborted) {
      throw new ToolError(`web_fetch of ${url.href} timed out after ${options.timeoutMs / 1000}s.`);
    }
    throw error;
  }
}
