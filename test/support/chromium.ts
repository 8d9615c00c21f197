// Opens a local HTML file in headless Chromium (found by findChromium) over the DevTools protocol on
// a pipe, and reports what a reader would see: console errors, exceptions, every network request
// other than the page itself, a PNG screenshot, and values computed in the page.
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Names looked up on PATH, best first: Ubuntu's `chromium-browser` is often a snap stub, so last. */
const ON_PATH = ["chromium", "google-chrome-stable", "google-chrome", "chromium-browser"];
/** Where Chromium lives off PATH: Ubuntu's snap, Debian's real binary. */
const KNOWN = ["/snap/bin/chromium", "/usr/lib/chromium/chromium"];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Chromium the HTML checks use: `AGENIX_CHROMIUM`, else the first one found on PATH or in KNOWN. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, known = KNOWN): string {
  const chosen = env.AGENIX_CHROMIUM;
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw new Error(
      `AGENIX_CHROMIUM=${chosen} is not an executable file: point it at a Chromium or Chrome binary.`,
    );
  }
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of ON_PATH) {
    for (const dir of dirs) if (executable(path.join(dir, name))) return path.join(dir, name);
  }
  const found = known.find(executable);
  if (found) return found;
  throw new Error(
    `No Chromium found: looked for ${ON_PATH.join(", ")} on PATH and ${known.join(", ")}. ` +
      "Install it (Debian: sh scripts/test-deps.sh; Ubuntu: snap install chromium) " +
      "or set AGENIX_CHROMIUM=/path/to/chrome.",
  );
}

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
  const chromium = findChromium();
  const profile = mkdtempSync(path.join(tmpdir(), "agenix-chromium-"));
  const child = spawn(
    chromium,
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
    child.on("error", (error) => reject(new Error(`cannot start ${chromium}: ${error.message}`))),
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
