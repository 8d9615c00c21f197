// Child process of the PostgreSQL load test: runs `sessions` SDK sessions at once, `turns` prompts
// each, against the scripted server, all through one PostgresSessionManager (as a service would),
// then prints {sessionId: messages} as JSON: what this process sent and received.
import { createSession } from "../../src/sdk.js";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";

const [tag, sessionsText, turnsText, baseUrl, workDir] = process.argv.slice(2);
const manager = new PostgresSessionManager({ connectionString: process.env.AGENIX_SESSION_STORE as string });
const results: Record<string, unknown> = {};
await Promise.all(
  Array.from({ length: Number(sessionsText) }, async (_, s) => {
    const session = await createSession({
      sessionManager: manager,
      baseUrl,
      apiKey: "sk-test",
      model: "gpt-4o",
      workingDir: workDir,
      onNotice: (notice) => process.stderr.write(`${notice.text}\n`),
    });
    for (let t = 0; t < Number(turnsText); t++) await session.prompt(`${tag}-s${s}-t${t}`);
    results[session.id as string] = session.getMessages();
    await session.close();
  }),
);
await manager.close();
process.stdout.write(JSON.stringify(results));
