// Whether a process id names a live process (for lock files and temp files left by a dead holder).
// EPERM means it exists but belongs to another user: alive.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
