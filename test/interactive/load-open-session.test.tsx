// `/load` of the session already open in this process: it says so, never "in use by another agenix
// process" (the lock it meets is its own). Real SessionManager, real openAgentSession, real lock.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenSessionOptions, openAgentSession } from "../../src/agent/open-session.js";
import { App } from "../../src/cli/interactive/app.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempRoot, type TempRoot, userMessage } from "../sessions/helpers.js";
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
    const base: OpenSessionOptions = {
      defaultModel: "gpt-4o",
      env: { OPENAI_API_KEY: "sk-test" },
      workingDir: tmp.workDir,
      maxTurns: 1,
      manager,
      save: true,
      createNow: false,
      tools: [],
    };
    const initial = await openAgentSession({ ...base, sessionId: data.id });
    const view = render(
      <App
        version="test"
        initial={initial}
        source={{
          list: () => manager.listSessions({ workingDir: tmp.workDir }),
          open: (id) => openAgentSession({ ...base, sessionId: id }),
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
