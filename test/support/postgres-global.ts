// vitest globalSetup: a PostgreSQL server for the store tests. CI (.ci/run) starts one and sets
// AGENIX_TEST_PG_URL; otherwise one is started here from Debian's binaries and stopped at the end.
// Without PostgreSQL binaries the store tests fail with a message saying what to install.
import { execFileSync } from "node:child_process";
import path from "node:path";

const script = path.resolve(import.meta.dirname, "../../scripts/pg-test-cluster.sh");

export default function setup(): (() => void) | undefined {
  if (process.env.AGENIX_TEST_PG_URL) return undefined;
  let out: string;
  try {
    out = execFileSync("bash", [script, "start"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || String(error);
    process.env.AGENIX_TEST_PG_ERROR = `no PostgreSQL for the store tests: ${reason}`;
    return undefined;
  }
  const vars = Object.fromEntries(
    [...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]] as [string, string]),
  );
  Object.assign(process.env, vars);
  return () => {
    execFileSync("bash", [script, "stop", vars.AGENIX_TEST_PG_DIR], { stdio: "ignore" });
  };
}
