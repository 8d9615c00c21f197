// A scripted LLM server on 127.0.0.1 speaking the real OpenAI Chat Completions and Anthropic Messages
// wire protocols. Each request consumes the next scripted reply; every request is recorded; requests the
// real services would refuse get the real 400 (see llm-validate.ts), and those do not consume a reply.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AnthropicPromptCache, OpenAIPromptCache, validateAnthropicCacheControl } from "./llm-cache.js";
import { contextLengthError, estimateRequestTokens, signThinking } from "./llm-context.js";
import { validateAnthropic, validateOpenAI } from "./llm-validate.js";
import {
  anthropicEvents,
  anthropicMessage,
  defaultErrorBody,
  openaiChunks,
  openaiCompletion,
  type ScriptedToolCall,
  type ScriptedUsage,
  type SseEvent,
} from "./llm-wire.js";

export type ScriptedReply =
  | {
      text?: string;
      toolCalls?: ScriptedToolCall[];
      /** null: no usage reported (see ScriptedMessage). */
      usage?: ScriptedUsage | null;
      /** Before the first byte. */
      delayMs?: number;
      /** Between stream chunks. */
      chunkDelayMs?: number;
      stopReason?: string;
      /** Reasoning: Anthropic thinking block (signed; only when the request enables thinking) or
       * OpenAI-compatible `reasoning_content` deltas. */
      thinking?: string;
    }
  /** An HTTP error (429 with retry-after, 500, 529, 401, 404...); body defaults to the API's error shape. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** reset-mid-stream: some text, then the socket is destroyed; stream-ends-without-finish: some text, then
   * a clean end with no finish_reason / message_stop; hang: headers never come. */
  | { fault: "reset-mid-stream" | "stream-ends-without-finish" | "hang"; text?: string };

export interface RecordedRequest {
  api: "openai" | "anthropic";
  path: string;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON from recorded bodies
  body: any;
  /** performance.now() when the request's headers arrived (the client had built the request). */
  receivedAt: number;
}

export interface LlmServer {
  /** e.g. http://127.0.0.1:PORT (Anthropic clients use this as their base URL). */
  url: string;
  /** `${url}/v1`, the base URL for OpenAI clients. */
  openaiBaseUrl: string;
  /** Every request, in order, including rejected ones. */
  requests: RecordedRequest[];
  /** More replies, consumed in order, one per accepted request. */
  push(...replies: ScriptedReply[]): void;
  /** The 400s the server sent for invalid requests. */
  rejections: { status: number; message: string }[];
  /** Requests estimated above this many tokens get the provider's real context-length error. */
  setContextLimit(tokens: number | undefined): void;
  close(): Promise<void>;
}

export interface LlmServerOptions {
  /** A context window in tokens (estimated as the request body's characters / 4). */
  contextLimit?: number;
  /** Replies without scripted prompt_tokens report the request's estimated size instead of 10. */
  promptTokensFromRequest?: boolean;
  /**
   * Prompt caching as the real services do it (llm-cache.ts): replies without scripted cache counts
   * report the cache reads and writes of their request, and prompt_tokens from the request's size.
   */
  promptCache?: boolean;
  /** Answers a request before the queue is asked (undefined: the next queued reply). */
  respond?: (request: RecordedRequest) => ScriptedReply | undefined;
  /** The caches' clock (ms), to expire entries without waiting. Default Date.now. */
  now?: () => number;
  /** What `GET /v1/models` lists (the way Ollama, LM Studio and llama.cpp answer it). Default: one model. */
  models?: string[];
}

export const NO_MORE_REPLIES = "(no more scripted replies)";

type Api = RecordedRequest["api"];

export async function startLlmServer(
  replies: ScriptedReply[] = [],
  options: LlmServerOptions = {},
): Promise<LlmServer> {
  const models = options.models ?? ["scripted-model"];
  const queue: ScriptedReply[] = [...replies];
  let contextLimit = options.contextLimit;
  const requests: RecordedRequest[] = [];
  const rejections: { status: number; message: string }[] = [];
  let served = 0;
  const anthropicCache = new AnthropicPromptCache(options.now);
  const openaiCache = new OpenAIPromptCache(options.now);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: "server_error" } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0]!;
    const headers = flattenHeaders(req.headers);
    const api: Api = path.endsWith("/messages") || headers["x-api-key"] ? "anthropic" : "openai";
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const recorded: RecordedRequest = { api, path, headers, body, receivedAt };
    requests.push(recorded);

    if (req.method === "GET" && path === "/v1/models") {
      const data = models.map((id) => ({ id, object: "model", created: 1700000000, owned_by: "scripted" }));
      return sendJson(res, 200, { object: "list", data });
    }
    if (req.method !== "POST" || (path !== "/v1/chat/completions" && path !== "/v1/messages"))
      return sendJson(res, 404, errorBody(api, "not_found_error", `Unknown endpoint: ${req.method} ${path}`));
    const authProblem = checkAuth(api, headers);
    if (authProblem) return sendJson(res, 401, errorBody(api, "authentication_error", authProblem));
    const rejection =
      api === "openai"
        ? validateOpenAI(body)
        : (validateAnthropic(body) ?? validateAnthropicCacheControl(body));
    if (rejection) {
      rejections.push({ status: 400, message: rejection.message });
      return sendJson(res, 400, errorBody(api, "invalid_request_error", rejection.message, rejection.param));
    }
    const promptTokens = estimateRequestTokens(raw);
    if (contextLimit !== undefined && promptTokens > contextLimit) {
      const refusal = contextLengthError(api, promptTokens, contextLimit);
      rejections.push({ status: 400, message: refusal.message });
      return sendJson(res, 400, refusal.body);
    }

    let reply = options.respond?.(recorded) ?? queue.shift() ?? { text: NO_MORE_REPLIES };
    if (!("status" in reply) && !("fault" in reply)) {
      let usage =
        (options.promptTokensFromRequest || options.promptCache) &&
        reply.usage !== null &&
        reply.usage?.prompt_tokens === undefined
          ? { ...reply.usage, prompt_tokens: promptTokens }
          : reply.usage;
      if (
        options.promptCache &&
        reply.usage !== null &&
        reply.usage?.cache_read_tokens === undefined &&
        reply.usage?.cache_creation_tokens === undefined
      ) {
        const cache =
          api === "anthropic"
            ? anthropicCache.use(body)
            : { cache_read_tokens: openaiCache.use(body), cache_creation_tokens: 0 };
        usage = { ...usage, ...cache };
      }
      const thinkingOn =
        api === "openai" || (body as { thinking?: { type?: string } }).thinking?.type === "enabled";
      reply = {
        ...reply,
        usage,
        thinking: thinkingOn ? reply.thinking : undefined,
        ...(reply.thinking && api === "anthropic" ? { signature: signThinking(reply.thinking) } : {}),
      };
    }
    const n = ++served;
    const request = body as { model: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
    if ("status" in reply) {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body ?? defaultErrorBody(api, reply.status)));
      return;
    }
    if ("fault" in reply) return fault(res, api, reply, request.model, n);

    const closed = watchClose(res);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (closed()) return;
    if (!request.stream) {
      const json =
        api === "openai"
          ? openaiCompletion(reply, request.model, n)
          : anthropicMessage(reply, request.model, n);
      return sendJson(res, 200, json);
    }
    const events =
      api === "openai"
        ? openaiSse(openaiChunks(reply, request.model, n, request.stream_options?.include_usage === true))
        : anthropicSse(anthropicEvents(reply, request.model, n));
    startSse(res);
    for (const event of events) {
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (closed()) return;
      res.write(event);
    }
    res.end();
  }

  async function fault(
    res: http.ServerResponse,
    api: Api,
    reply: Extract<ScriptedReply, { fault: string }>,
    model: string,
    n: number,
  ): Promise<void> {
    if (reply.fault === "hang") return; // never answers; close() or the client's abort ends it
    const partial = { text: reply.text ?? "partial answer that never finishes" };
    // The reply's events minus everything that marks the end of the message.
    const events =
      api === "openai"
        ? openaiSse(openaiChunks(partial, model, n, false).slice(0, -1), false)
        : anthropicSse(anthropicEvents(partial, model, n).slice(0, -3));
    startSse(res);
    for (const event of events) res.write(event);
    if (reply.fault === "stream-ends-without-finish") {
      res.end();
      return;
    }
    // Let the written chunks reach the client before the connection is cut.
    await new Promise<void>((resolve) => res.write("", () => resolve()));
    res.socket?.destroy();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    rejections,
    push: (...more) => {
      queue.push(...more);
    },
    setContextLimit: (tokens) => {
      contextLimit = tokens;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function checkAuth(api: Api, headers: Record<string, string>): string | undefined {
  if (api === "openai") {
    const auth = headers.authorization ?? "";
    return /^Bearer \S+/.test(auth)
      ? undefined
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
  }
  // The API takes the key as x-api-key or, as @anthropic-ai/sdk 1.x sends it, as a Bearer token.
  if (!headers["x-api-key"] && !/^Bearer \S+/.test(headers.authorization ?? ""))
    return "x-api-key header is required";
  if (!headers["anthropic-version"]) return "anthropic-version: header is required";
  return undefined;
}

function errorBody(api: Api, type: string, message: string, param?: string): unknown {
  if (api === "anthropic") return { type: "error", error: { type, message } };
  return { error: { message, type, param: param ?? null, code: null } };
}

function openaiSse(chunks: unknown[], done = true): string[] {
  const out = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`);
  if (done) out.push("data: [DONE]\n\n");
  return out;
}

function anthropicSse(events: SseEvent[]): string[] {
  return events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
}

function startSse(res: http.ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      data += chunk;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** Whether the client has gone away, so a slow reply stops writing into a dead socket. */
function watchClose(res: http.ServerResponse): () => boolean {
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  return () => closed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
