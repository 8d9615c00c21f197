// Startup: `agenix --version` and `agenix sessions list` (100 sessions) against `node -e 0`.
// Target (issue 5): both within 1.5x of the Node floor.
import { medianOf, nodeFloorMs, report, reportFailure, reps, timeProcess } from "./lib/measure.mjs";
import { binPath, fillSessionFolder, loadSessionManager, makeBenchHome } from "./lib/sessions-data.mjs";

const n = reps(15);
const floor = await nodeFloorMs(n);
const target = { op: "<=", value: 1.5 };

try {
  const ms = await medianOf(n, async () => (await timeProcess(process.execPath, [binPath, "--version"])).ms);
  report({
    name: "startup.version",
    value: ms,
    unit: "ms",
    baselineName: "node -e 0",
    baselineValue: floor,
    target,
  });
} catch (error) {
  reportFailure("startup.version", error);
}

const home = await makeBenchHome("startup");
try {
  const SessionManager = await loadSessionManager();
  await fillSessionFolder({
    SessionManager,
    sessionDir: home.sessionDir,
    workDir: home.workDir,
    count: 100,
    kb: 10,
  });
  const options = { cwd: home.workDir, env: home.env };
  const ms = await medianOf(
    n,
    async () => (await timeProcess(process.execPath, [binPath, "sessions", "list"], options)).ms,
  );
  report({
    name: "startup.sessions_list_100",
    value: ms,
    unit: "ms",
    baselineName: "node -e 0",
    baselineValue: floor,
    target,
  });
} catch (error) {
  reportFailure("startup.sessions_list_100", error);
} finally {
  await home.cleanup();
}
