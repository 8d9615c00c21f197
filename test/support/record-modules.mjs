// Preloaded with `node --import`: records every module URL the process loads into the file named by
// $AGENIX_TEST_MODULE_LOG (one per line), so tests can prove what a command did not load.
import { register } from "node:module";

register(new URL("./record-modules-hooks.mjs", import.meta.url), {
  data: { log: process.env.AGENIX_TEST_MODULE_LOG },
});
