// `/load` of the session already open in this process: it says so, never "in use by another agenix
// process" (the lock it meets is its own). Real SessionManager, real buildAgentSession, real lock.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { App } from "../../src/cli/interactive/app.js";
import { buildAgentSession } from "../../src/run/build-session.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempRoot, type TempRoot, userMessage } from "../sessions/helpers.js";
import { runConfigFor } from "../support/run-config.js";
import { flush, KEY, waitFor } from "./ink-helpers.js";

let tmp: TempRoot;
beforeEach(() => {
  tmp = makeTempRoot();
  mkdirSync(tmp.workDir, { recursive: true });
});
afterEach(() => tmp.cleanup());

describe("/load of the open session", () => {
  it("says the session is already open instead of 'in use by another agenix process'", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    data.messages.push(userMessage("earlier question"));
    await manager.saveSession(data);
    const config = await runConfigFor({
      options: { model: "gpt-4o", maxTurns: 1 },
      env: { OPENAI_API_KEY: "sk-test" },
      workingDir: tmp.workDir,
    });
    const runtime = { store: manager, tools: [] };
    const initial = await buildAgentSession({ ...config, sessionId: data.id }, runtime);
    const view = render(
      <App
        version="test"
        initial={initial}
        source={{
          list: () => manager.listSessions({ workingDir: tmp.workDir }),
          open: (id) => buildAgentSession({ ...config, sessionId: id }, runtime),
        }}
        historyFile={path.join(tmp.base, "history")}
        status={async (s) => ({ model: s.model, tokens: 0 })}
        commandContext={{}}
      />,
    );
    await flush();
    view.stdin.write(`/load ${data.id}`);
    await flush();
    view.stdin.write(KEY.enter);
    const frame = await waitFor(() => {
      const f = view.lastFrame() ?? "";
      return /already open|in use/.test(f) && f;
    }, "an answer to /load");
    expect(frame).toContain(`Session ${data.id} is already open.`);
    expect(frame).not.toContain("in use by another agenix process");
    view.unmount();
    await initial.close();
  });
});
