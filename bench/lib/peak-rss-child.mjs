// Child process for the peak-memory benchmark: loads one session with SessionManager (or, with
// --baseline, only imports it) and prints the process's resident-set high-water mark (VmHWM).
import { readFileSync } from "node:fs";
import { loadSessionManager } from "./sessions-data.mjs";

function peakRssBytes() {
  const status = readFileSync("/proc/self/status", "utf8");
  const match = status.match(/^VmHWM:\s+(\d+) kB$/m);
  if (!match) throw new Error("no VmHWM in /proc/self/status (Linux only)");
  return Number(match[1]) * 1024;
}

const [dir, id, mode] = process.argv.slice(2);
const SessionManager = await loadSessionManager();
let messages = 0;
if (mode !== "--baseline") {
  const data = await new SessionManager({ dir }).loadSession(id);
  messages = data.messages.length;
}
process.stdout.write(`${JSON.stringify({ peakRss: peakRssBytes(), messages })}\n`);
