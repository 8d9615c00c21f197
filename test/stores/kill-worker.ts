// Child process of the PostgreSQL fault tests: appends numbered messages to one new session as
// fast as it can and prints "saved <id> <n>" after each save returns. The test kills it at any
// instant (or restarts the server under it) and checks that every acknowledged message is there.
// With AGENIX_TEST_STOP_FILE set, it goes on until that file exists, then ends cleanly.
import { existsSync } from "node:fs";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";

const [workDir, countText] = process.argv.slice(2);
const manager = new PostgresSessionManager({
  connectionString: process.env.AGENIX_SESSION_STORE as string,
  onWarning: (text) => process.stderr.write(`${text}\n`),
});
const data = await manager.createSessionData({ workingDir: workDir, model: "gpt-4o" });
const release = await manager.acquireLock(data.id);
const count = Number(countText || 1_000_000);
const stopFile = process.env.AGENIX_TEST_STOP_FILE;
for (let n = 0; n < count && !(stopFile && existsSync(stopFile)); n++) {
  data.messages.push({
    role: "user",
    content: `message ${n} ${"x".repeat(n % 7 === 0 ? 20_000 : 50)}`,
    timestamp: "2024-01-01T00:00:00Z",
  });
  try {
    await manager.saveSession(data);
    process.stdout.write(`saved ${data.id} ${n}\n`);
  } catch (error) {
    process.stdout.write(`failed ${data.id} ${n} ${(error as Error).message.replace(/\n/g, " ")}\n`);
  }
}
await release();
await manager.close();
