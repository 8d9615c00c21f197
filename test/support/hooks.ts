// Per-test temp HOME and scripted LLM server, set up and torn down around every test.
import { afterEach, beforeEach } from "vitest";
import { makeTempHome, type TempHome } from "./cli.js";
import { type LlmServer, startLlmServer } from "./llm-server.js";

/** Registers beforeEach/afterEach hooks; `assign` receives the fresh home and server before each test. */
export function withHomeAndServer(assign: (home: TempHome, server: LlmServer) => void): void {
  let home: TempHome | undefined;
  let server: LlmServer | undefined;
  beforeEach(async () => {
    home = await makeTempHome();
    server = await startLlmServer();
    assign(home, server);
  });
  afterEach(async () => {
    await server?.close();
    await home?.cleanup();
  });
}
