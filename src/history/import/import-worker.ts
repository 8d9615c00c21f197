// An import worker thread (see workers.ts): prepares the transcripts it is sent, one at a time.
import { parentPort } from "node:worker_threads";
import type { AgentFormat } from "./build.js";
import { prepareTranscript } from "./prepare.js";

export interface PrepareJob {
  job: number;
  agent: AgentFormat;
  file: string;
  fallbackDir: string;
}

parentPort?.on("message", ({ job, agent, file, fallbackDir }: PrepareJob) => {
  try {
    parentPort?.postMessage({ job, prepared: prepareTranscript(agent, file, fallbackDir) });
  } catch (error) {
    parentPort?.postMessage({ job, error: (error as Error).message ?? String(error) });
  }
});
