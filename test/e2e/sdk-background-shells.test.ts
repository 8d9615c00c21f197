// The SDK: a background shell the model started stops at session.close(), process group and all,
// and onNotice hears which were still running (in and out of the sandbox).
import { describe, expect, it } from "vitest";
import type { AgentNotice } from "../../src/sdk.js";
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

describe.each(["off", "workspace-write"] as const)("SDK background shells, sandbox %s", (sandbox) => {
  it("close() stops the shells still running and says which", async () => {
    const tag = `agenix-sdk-bg-${process.pid}-${sandbox}`;
    await withHomeTmpdir(home, async () => {
      server.push(
        {
          text: "",
          toolCalls: [
            {
              id: "b1",
              name: "bash",
              // A child of the shell, in its process group: it must go too.
              arguments: { command: `bash -c 'sleep 300' ${tag}; echo unreachable`, run_in_background: true },
            },
          ],
        },
        { text: "started" },
      );
      const notices: AgentNotice[] = [];
      const session = await createSession({
        apiKey: "sk-sdk-test",
        baseUrl: server.openaiBaseUrl,
        workingDir: home.workDir,
        save: false,
        sandbox,
        permissionMode: sandbox === "off" ? "yolo" : undefined,
        onNotice: (n) => notices.push(n),
      });
      expect(await session.prompt("go")).toBe("started");
      // The shell forks its child on its way (two processes carry the tag for an instant): wait for one.
      await waitUntil(() => processesWith(tag).length === 1, "the background shell runs as one process");
      expect(session.backgroundShells?.list().map((s) => [s.id, s.running])).toEqual([["bash_1", true]]);
      await session.close();
      expect(processesWith(tag)).toEqual([]);
      expect(notices).toContainEqual({
        type: "notice",
        level: "warning",
        text: `Stopped 1 background shell still running: bash_1 (bash -c 'sleep 300' ${tag}; echo unreachable)`,
      });
    });
  });
});
