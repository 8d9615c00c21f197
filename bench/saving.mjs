// Saving: the cost of saving one new message into a 100 MB session vs a 10 KB session through
// SessionManager.saveSession. Target (issue 5): ratio within 2x, i.e. cost follows the message, not
// the session. Issue 8 made the append check compare every saved message by reference (so edits are
// never missed): the second check saves into a session of 40,000 small messages (target 2x too).
// BENCH_SAVE_BIG_MB / BENCH_SAVE_SMALL_KB / BENCH_SAVE_MANY change the sizes.
import { performance } from "node:perf_hooks";
import { envInt, medianOf, report, reportFailure, reps } from "./lib/measure.mjs";
import { createSizedSession, loadSessionManager, makeBenchHome, toolOutput } from "./lib/sessions-data.mjs";

const n = reps(20);
const bigMb = envInt("BENCH_SAVE_BIG_MB", 100);
const smallKb = envInt("BENCH_SAVE_SMALL_KB", 10);
const many = envInt("BENCH_SAVE_MANY", 40_000);

/** Median ms to push one ~1 KB tool message onto a loaded session and save it. */
async function saveOneMessageMs(manager, id) {
  // Load it the way a resumed session is (an AgentSession only appends, so its messages are frozen
  // and the manager knows what is already on disk).
  const data = await manager.loadSession(id, { frozen: true });
  let i = 0;
  return medianOf(n, async () => {
    i += 1;
    data.messages.push({
      role: "user",
      content: `follow-up ${i}: ${toolOutput(1024, i)}`,
      timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
    });
    const started = performance.now();
    await manager.saveSession(data);
    return performance.now() - started;
  });
}

const home = await makeBenchHome("saving");
try {
  const SessionManager = await loadSessionManager();
  const manager = new SessionManager({ dir: home.sessionDir });
  const small = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: smallKb * 1024,
    toolBytes: 1024,
  });
  const big = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: bigMb * 1024 * 1024,
  });
  // Many small messages: `many` messages of ~250 bytes (an exchange is 4 messages).
  const manyMessages = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: (many / 4) * 1200,
    toolBytes: 64,
  });
  // Free the generated data before measuring: only the loaded copies should be in memory.
  small.data = undefined;
  big.data = undefined;
  const manyCount = manyMessages.data.messages.length;
  manyMessages.data = undefined;
  const smallMs = await saveOneMessageMs(manager, small.id);
  const manyMs = await saveOneMessageMs(manager, manyMessages.id);
  report({
    name: `saving.one_message_${manyCount}_messages`,
    value: manyMs,
    unit: "ms",
    baselineName: `${Math.round(small.bytes / 1024)} KB session`,
    baselineValue: smallMs,
    target: { op: "<=", value: 2 },
  });
  const bigMs = await saveOneMessageMs(manager, big.id);
  report({
    name: `saving.one_message_${Math.round(big.bytes / 1024 / 1024)}mb`,
    value: bigMs,
    unit: "ms",
    baselineName: `${Math.round(small.bytes / 1024)} KB session`,
    baselineValue: smallMs,
    target: { op: "<=", value: 2 },
  });
} catch (error) {
  reportFailure("saving", error);
} finally {
  await home.cleanup();
}
