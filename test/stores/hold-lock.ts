// Child process for the store tests: opens the store named by the environment, takes a session's
// lock, prints "locked", and holds it until its stdin closes (or it is killed).
import { openSessionStore } from "../../src/sessions/open-store.js";

const [id, workingDir] = process.argv.slice(2);
const manager = await openSessionStore();
const release = await manager.acquireLock(id, { workingDir });
process.stdout.write("locked\n");
process.stdin.resume();
process.stdin.on("end", async () => {
  await release();
  await manager.close();
  process.exit(0);
});
