// Child process for kill.test.ts: takes one snapshot of argv[2] with HOME argv[3], then exits.
import { ShadowCheckpoints } from "../../src/checkpoints/keeper.ts";

const [workingDir, home] = process.argv.slice(2) as [string, string];
const keeper = new ShadowCheckpoints({
  workingDir,
  home,
  env: {},
  limits: { maxFileBytes: 10 * 1024 * 1024, maxFiles: 100_000 },
});
const data = {
  id: "killed",
  working_dir: workingDir,
  model: "m",
  created_at: "",
  updated_at: "",
  metadata: {},
  messages: [],
};
await keeper.snapshot(data, "turn", undefined, () => {});
