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
    const prepared = prepareTranscript(agent, file, fallbackDir);
    // The bytes move to the importing thread without a copy, unless they sit in Node's shared
    // buffer pool (small sessions): that memory is not ours to hand over.
    const { bytes } = prepared;
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength)
      prepared.bytes = new Uint8Array(bytes);
    parentPort?.postMessage({ job, prepared }, [prepared.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ job, error: (error as Error).message ?? String(error) });
  }
});
