// Opens a local HTML file in headless Chromium (Debian's `chromium`) over the DevTools protocol on
// a pipe, and reports what a reader would see: console errors, exceptions, every network request
// other than the page itself, a PNG screenshot, and values computed in the page.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = process.env.AGENIX_CHROMIUM ?? "/usr/bin/chromium";

export interface PageCheck {
  consoleErrors: string[];
  requests: string[];
  /** Results of the `evaluate` expressions, in order. */
  values: unknown[];
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((
    method: string,
    params: Record<string, unknown>,
    sessionId?: string,
  ) => void)[] = [];
  private buffer = "";

  constructor(private readonly child: ChildProcess) {
    const out = child.stdio[4] as NodeJS.ReadableStream;
    out.setEncoding("utf8");
    out.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end = this.buffer.indexOf("\0");
      while (end !== -1) {
        const message = JSON.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiter?.reject(new Error(`${message.error.message}`));
          else waiter?.resolve(message.result ?? {});
        } else for (const l of this.listeners) l(message.method, message.params ?? {}, message.sessionId);
        end = this.buffer.indexOf("\0");
      }
    });
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const input = this.child.stdio[3] as NodeJS.WritableStream;
    input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  on(listener: (method: string, params: Record<string, unknown>, sessionId?: string) => void): void {
    this.listeners.push(listener);
  }

  once(method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.on((m, p) => m === method && resolve(p)));
  }
}

/** Loads `file`, optionally in dark mode, screenshots it to `screenshot`, evaluates `evaluate`. */
export async function checkPage(
  file: string,
  options: { screenshot: string; dark?: boolean; evaluate?: string[]; width?: number; height?: number },
): Promise<PageCheck> {
  const profile = mkdtempSync(path.join(tmpdir(), "agenix-chromium-"));
  const child = spawn(
    CHROMIUM,
    [
      "--headless",
      "--remote-debugging-pipe",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      `--user-data-dir=${profile}`,
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const failed = new Promise<never>((_, reject) =>
    child.on("error", (error) => reject(new Error(`cannot start ${CHROMIUM}: ${error.message}`))),
  );
  try {
    return await Promise.race([failed, run()]);
  } finally {
    child.kill("SIGKILL");
    await exited;
    rmSync(profile, { recursive: true, force: true });
  }

  async function run(): Promise<PageCheck> {
    const cdp = new Cdp(child);
    const result: PageCheck = { consoleErrors: [], requests: [], values: [] };
    const url = pathToFileURL(file).href;
    const { targetId } = (await cdp.send("Target.createTarget", { url: "about:blank" })) as {
      targetId: string;
    };
    const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId, flatten: true })) as {
      sessionId: string;
    };
    cdp.on((method, params) => {
      if (method === "Runtime.consoleAPICalled" && (params.type === "error" || params.type === "assert")) {
        result.consoleErrors.push(JSON.stringify(params.args));
      } else if (method === "Runtime.exceptionThrown")
        result.consoleErrors.push(JSON.stringify(params.exceptionDetails));
      else if (method === "Log.entryAdded" && (params.entry as { level?: string }).level === "error") {
        result.consoleErrors.push(JSON.stringify(params.entry));
      } else if (method === "Network.requestWillBeSent") {
        const requestUrl = (params.request as { url: string }).url;
        if (requestUrl !== url && requestUrl !== "about:blank") result.requests.push(requestUrl);
      }
    });
    for (const domain of ["Runtime", "Log", "Network", "Page"])
      await cdp.send(`${domain}.enable`, {}, sessionId);
    await cdp.send(
      "Emulation.setDeviceMetricsOverride",
      { width: options.width ?? 1000, height: options.height ?? 900, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    await cdp.send(
      "Emulation.setEmulatedMedia",
      { features: [{ name: "prefers-color-scheme", value: options.dark ? "dark" : "light" }] },
      sessionId,
    );
    const loaded = cdp.once("Page.loadEventFired");
    await cdp.send("Page.navigate", { url }, sessionId);
    await loaded;
    for (const expression of options.evaluate ?? []) {
      const value = (await cdp.send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)) as {
        result: { value: unknown };
      };
      result.values.push(value.result.value);
    }
    const shot = (await cdp.send("Page.captureScreenshot", { format: "png" }, sessionId)) as { data: string };
    writeFileSync(options.screenshot, Buffer.from(shot.data, "base64"));
    await cdp.send("Browser.close").catch(() => {});
    if (stderr.includes("FATAL")) result.consoleErrors.push(stderr);
    return result;
  }
}
