// Stopping a command means stopping everything it started: bash runs in its own process group
// (spawned detached) and we signal the whole group, escalating to SIGKILL after a short grace.
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

const TERM_GRACE_MS = 2000;
const POLL_MS = 25;

/** SIGTERM to the group, SIGKILL if anything survives the grace; resolves once the group is gone. */
export async function killProcessGroup(pgid: number): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  if (await waitForGroupExit(pgid, TERM_GRACE_MS)) return;
  signalGroup(pgid, "SIGKILL");
  await waitForGroupExit(pgid, TERM_GRACE_MS);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited <= timeoutMs; waited += POLL_MS) {
    if (!groupAlive(pgid)) return true;
    await delay(POLL_MS);
  }
  return !groupAlive(pgid);
}

/** Whether any process of the group is still running (zombies awaiting a reaper do not count). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // kill(0) also succeeds for zombies, which linger where PID 1 does not reap; look closer on Linux.
  return livingMembers(pgid) !== 0;
}

function livingMembers(pgid: number): number {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return -1; // no /proc: trust kill(0)
  }
  let living = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    if (stat.pgid === pgid && stat.state !== "Z" && stat.state !== "X") living++;
  }
  return living;
}

function readStat(pid: string): { state: string; pgid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces and parentheses): state ppid pgrp ...
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}
