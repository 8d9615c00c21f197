// The SDK's `sandbox` option in process, against the scripted server: commands run in the sandbox
// in auto mode without canUseTool, writes outside the project fail, and close() ends the sandbox.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { waitUntil } from "../support/wait-until.js";
import { processesWith, withHomeTmpdir } from "./sandbox-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

describe("SDK sandbox option", () => {
  it("workspace-write: auto mode, writes inside land, outside fail, close() ends its processes", async () => {
    const outside = path.join(home.home, "sdk-outside.txt");
    const marker = `agenix-sdk-${process.pid}-${Date.now()}`;
    await withHomeTmpdir(home, async () => {
      server.push(
        {
          text: "",
          toolCalls: [
            {
              id: "b1",
              name: "bash",
              arguments: {
                command: `echo in > in.txt; echo out > ${outside}; bash -c 'sleep 300; true' ${marker} & true`,
              },
            },
          ],
        },
        { text: "ok" },
      );
      const session = await createSession({
        apiKey: "sk-sdk-test",
        baseUrl: server.openaiBaseUrl,
        workingDir: home.workDir,
        save: false,
        sandbox: "workspace-write",
      });
      expect(session.permissions?.mode).toBe("auto");
      await session.prompt("go");
      expect(readFileSync(path.join(home.workDir, "in.txt"), "utf8")).toBe("in\n");
      expect(existsSync(outside)).toBe(false);
      const result = session.getMessages().find((m) => m.role === "tool");
      expect(result?.content).toContain("Read-only file system");
      await waitUntil(() => processesWith(marker).length === 1, "the background job runs as one process");
      await session.close();
      expect(processesWith(marker)).toEqual([]);
    });
  });
});
